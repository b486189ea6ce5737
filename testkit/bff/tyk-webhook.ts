/**
 * Webhook bodies as Tyk's `eh_web_hook_handler` renders our template (deploy/tyk/templates/), made
 * by the same renderer the edge emulator fires with, and a recorder for what the BFF reports.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';
import { encodeOriginatingRequest } from '../../edge-emulator/webhook/wire-request';
import { goTimeString, renderTemplate } from '../../edge-emulator/webhook/go-render';
import type { Sender } from '../../bff/oap-http/send';
import type { Segment } from '../../trace/segment';

const TEMPLATES = path.join(REPO_ROOT, 'deploy', 'tyk', 'templates');

export const REAL_TYK_BODY = readFileSync(path.join(REPO_ROOT, 'test', 'bff', 'fixtures', 'tyk-5.8.15-webhook-authfailure.json'), 'utf8');

export interface WebhookOptions {
  event?: string;
  at: number;
  method?: string;
  uri?: string;
  headers: { [name: string]: string };
}

export function rejectedWebhookBody(o: WebhookOptions): string {
  const uri = o.uri ?? '/keyed/api/v1/classify';
  const rendered = renderTemplate(readFileSync(path.join(TEMPLATES, 'sw-edge-rejected.json'), 'utf8'), {
    Type: o.event ?? 'AuthFailure',
    TimeStamp: goTimeString(o.at, 123_456),
    Meta: {
      Path: uri,
      Origin: '127.0.0.1',
      Key: 'the-presented-key',
      Message: 'Key not authorised',
      OriginatingRequest: encodeOriginatingRequest(o.method ?? 'POST', uri, { host: 'edge:8080', authorization: 'the-presented-key', ...o.headers }),
    },
  });
  if (!rendered.ok) throw new Error(rendered.error);
  return rendered.body;
}

export function breakerWebhookBody(at: number): string {
  const rendered = renderTemplate(readFileSync(path.join(TEMPLATES, 'sw-edge-breaker.json'), 'utf8'), {
    Type: 'BreakerTriggered',
    TimeStamp: goTimeString(at),
    Meta: { Path: '/api/v1/classify', APIID: 'keyed-api', Message: 'Breaker Tripped', OriginatingRequest: '' },
  });
  if (!rendered.ok) throw new Error(rendered.error);
  return rendered.body;
}

/** A Sender that keeps every segment the reporter posts, and answers like OAP. */
export function recordingSender(): { send: Sender; segments: Segment[]; posts: number } {
  const state = {
    segments: [] as Segment[],
    posts: 0,
    send: (async (_path: string, body: string) => {
      state.posts++;
      state.segments.push(...(JSON.parse(body) as Segment[]));
      return { kind: 'ok', status: 200 };
    }) as Sender,
  };
  return state;
}
