// A tiny router on node:http: exact methods, `:param` segments, JSON bodies read with a limit.
// Every failure is an answer in the shared error shape; nothing a client sends can crash the port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body';
import { COLLECTOR_ERRORS, type CollectorErrorCode } from '../../errors';
import type { CollectorLogger } from '../logger';

export interface Reply {
  status: number;
  /** Serialized as JSON unless `raw` is given. */
  body?: unknown;
  raw?: { contentType: string; data: string | Buffer };
  headers?: Record<string, string>;
}

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** The parsed JSON body, for routes declared with `json: true`. */
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  json?: boolean;
  handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

export function fail(code: CollectorErrorCode, detail?: unknown): Reply {
  const { status, body } = COLLECTOR_ERRORS.answerFor(code, { detail });
  return { status, body };
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), keys };
}

export function createRequestHandler(routes: Route[], maxBodyBytes: number, logger: CollectorLogger) {
  const compiled = routes.map(compile);

  async function dispatch(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://collector.local');
    const matches = compiled
      .map((route) => ({ route, m: route.pattern.exec(url.pathname) }))
      .filter((x): x is { route: CompiledRoute; m: RegExpExecArray } => x.m !== null);
    if (matches.length === 0) {
      req.resume();
      return fail('COLLECTOR_ERR_NOT_FOUND', { method: req.method, path: url.pathname });
    }
    const hit = matches.find((x) => x.route.method === req.method || (req.method === 'HEAD' && x.route.method === 'GET'));
    if (!hit) {
      req.resume();
      const allowed = [...new Set(matches.map((x) => x.route.method))].join(', ');
      return { ...fail('COLLECTOR_ERR_METHOD_NOT_ALLOWED', { method: req.method, allowed }), headers: { allow: allowed } };
    }
    const params: Record<string, string> = {};
    hit.route.keys.forEach((key, i) => {
      params[key] = safeDecode(hit.m[i + 1]);
    });
    let body: unknown;
    if (hit.route.json) {
      const outcome = await readBody(req, maxBodyBytes);
      if (outcome.kind === 'too-large') {
        return { ...fail('COLLECTOR_ERR_TOO_LARGE', { limitBytes: outcome.limit, declaredBytes: outcome.declared }), headers: { connection: 'close' } };
      }
      if (outcome.kind === 'aborted') return fail('COLLECTOR_ERR_BAD_JSON', outcome.reason);
      try {
        body = JSON.parse(outcome.text);
      } catch (err) {
        return fail('COLLECTOR_ERR_BAD_JSON', (err as Error).message);
      }
    } else {
      req.resume();
    }
    return hit.route.handler({ req, url, params, body });
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(req)
      .catch((err: Error) => {
        logger.error(`collector: ${req.method} ${req.url} failed: ${err.stack ?? err.message}`);
        return fail('COLLECTOR_ERR_INTERNAL', err.message);
      })
      .then((reply) => send(res, reply, req.method === 'HEAD'))
      .catch((err: Error) => logger.error(`collector: could not answer ${req.method} ${req.url}: ${err.message}`));
  };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function send(res: ServerResponse, reply: Reply, headOnly: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const data = reply.raw ? reply.raw.data : JSON.stringify(reply.body ?? {});
  const type = reply.raw ? reply.raw.contentType : 'application/json; charset=utf-8';
  res.writeHead(reply.status, {
    'content-type': type,
    'content-length': Buffer.byteLength(data),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(headOnly ? undefined : data);
}
