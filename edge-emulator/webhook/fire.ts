/**
 * Fires an API's webhooks for one event, as Tyk's `eh_web_hook_handler` does: the template
 * rendered with the event's metadata, `header_map` set, posted in the background (Tyk runs each
 * handler in its own goroutine and never retries). The target's origin is replaced by BFF_URL, the
 * way the emulator proxies to BFF_URL instead of `target_url`. Failures are logged, never thrown.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ApiDefinition, WebhookConfig } from '../api-definition';
import { renderTemplate, type EventMessage } from './go-render';

export interface WebhookFirer {
  fire(api: ApiDefinition, message: EventMessage): void;
  /** Webhooks posted and not yet answered. */
  pending(): number;
  close(): void;
}

export function webhookFirer(options: { bffUrl: string; templateDir: string; sharedSecret: string | undefined; logger: Logger }): WebhookFirer {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const templates = new Map<string, string>();
  let inFlight = 0;

  const template = (hook: WebhookConfig): string => {
    const file = path.join(options.templateDir, path.basename(hook.templatePath));
    let text = templates.get(file);
    if (text === undefined) {
      text = readFileSync(file, 'utf8');
      templates.set(file, text);
    }
    return text;
  };

  const post = (hook: WebhookConfig, body: string, event: string): void => {
    const target = new URL(new URL(hook.targetPath).pathname, options.bffUrl);
    const headers: { [name: string]: string | number } = {
      'user-agent': 'Tyk-Hookshot',
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...hook.headers,
    };
    if (options.sharedSecret !== undefined) headers['x-sw-edge-key'] = options.sharedSecret;
    inFlight++;
    let settled = false;
    const settle = (): void => {
      if (!settled) inFlight--;
      settled = true;
    };
    const req = http.request(target, { method: hook.method, agent, headers, timeout: 30_000 }, (res) => {
      res.resume();
      res.once('end', () => {
        settle();
        if ((res.statusCode ?? 0) >= 300) options.logger.warn({ prefix: 'webhooks', event, responseCode: res.statusCode }, 'Request to webhook failed');
      });
    });
    req.once('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.once('error', (error) => {
      settle();
      options.logger.warn({ prefix: 'webhooks', event, err: error.message }, 'Webhook request failed');
    });
    req.end(body);
  };

  return {
    fire(api, message) {
      for (const hook of api.webhooks[message.Type] ?? []) {
        try {
          const rendered = renderTemplate(template(hook), message);
          if (!rendered.ok) {
            options.logger.error({ prefix: 'webhooks', event: message.Type, err: rendered.error }, 'Webhook template rendering error');
            continue;
          }
          post(hook, rendered.body, message.Type);
        } catch (error) {
          options.logger.error({ prefix: 'webhooks', event: message.Type, err: error instanceof Error ? error.message : String(error) }, 'webhook not sent');
        }
      }
    },
    pending: () => inFlight,
    close: () => agent.destroy(),
  };
}
