/**
 * The local edge: a small Tyk stand-in for `npm start` and the end-to-end tests. It serves each API
 * definition on its listen path: loads the built bundle through its manifest, runs the pre hooks
 * with Tyk's contract (jsvm.ts), refuses black-listed paths, checks the key of a keyed API (a key
 * not in EDGE_API_KEYS is refused and fires `AuthFailure` to the API's webhooks, as Tyk does), runs
 * the post hooks, strips the listen path and proxies to the BFF. Not a Tyk replacement: no quotas,
 * rate limits, breakers or transforms.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { EDGE_HEADERS } from '../trace/edge-headers';
import { EDGE_CONFIG, type EdgeConfig } from './config';
import { discardBody } from '../service-kit/http/discard-body';
import { EDGE_ERRORS, sendEdgeError, type EdgeErrorCode } from './errors';
import { answerClientErrors, type ClientErrorKind } from '../service-kit/http/client-error';
import { capHeaderCount, hasTooManyHeaders } from '../service-kit/http/too-many-headers';
import { proxyRequest } from './proxy';
import { runHooks, type Headers, type HookPassResult } from './run-hooks';
import { loadApis } from './served-api';
import { webhookFirer } from './webhook/fire';
import { goTimeString } from './webhook/go-render';
import { encodeOriginatingRequest } from './webhook/wire-request';

export interface RunningEdge {
  address: string;
  url: string;
  /** Webhooks posted and not yet answered (tests wait for 0). */
  webhooksPending(): number;
  stop(): Promise<void>;
}

// The TykJS stand-in the real-otto harness also loads: from source (tsx) or from dist/node/edge-emulator/.
const TYKJS_CANDIDATES = [path.join(__dirname, '..', 'tykjs', 'tykjs.js'), path.join(__dirname, '..', '..', '..', 'tykjs', 'tykjs.js')];

function readTykjs(): string {
  for (const candidate of TYKJS_CANDIDATES) {
    try {
      return readFileSync(candidate, 'utf8');
    } catch {
      // try the next layout (source vs compiled)
    }
  }
  throw new Error('cannot find tykjs/tykjs.js');
}

/** The path the upstream sees: Tyk's strip_listen_path drops the listen path and keeps a leading slash. */
export function upstreamPath(url: string, listenPath: string, strip: boolean): string {
  if (!strip) return url;
  const prefix = listenPath.endsWith('/') ? listenPath.slice(0, -1) : listenPath;
  const rest = url.slice(prefix.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export const HELLO_PATH = '/hello';

const CLIENT_ERROR_CODES: Record<ClientErrorKind, EdgeErrorCode> = {
  headersTooLarge: 'EDGE_ERR_HEADERS_TOO_LARGE',
  headersTimeout: 'EDGE_ERR_HEADERS_TIMEOUT',
  badRequest: 'EDGE_ERR_BAD_REQUEST',
};

function matchesListenPath(url: string, listenPath: string): boolean {
  const prefix = listenPath.endsWith('/') ? listenPath.slice(0, -1) : listenPath;
  return url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
}

export async function start(overrides: Partial<EdgeConfig> & { logger?: Logger } = {}): Promise<RunningEdge> {
  const config = EDGE_CONFIG.load(process.env, overrides);
  const logger = overrides.logger ?? pino({ name: 'edge' });
  const apis = loadApis(config, readTykjs(), logger);
  const target = new URL(config.bffUrl);
  const agent = new http.Agent({ keepAlive: true });
  const webhooks = webhookFirer({ bffUrl: config.bffUrl, templateDir: config.templateDir, sharedSecret: config.sharedSecret, logger });
  const keys = new Set(config.apiKeys);

  /** The gateway answered itself: our error shape, with the trace id the pre hook minted. */
  const refuse = (req: IncomingMessage, res: ServerResponse, code: Parameters<typeof sendEdgeError>[1], detail: string, headers: Headers) => {
    discardBody(req);
    const traceId = headers[EDGE_HEADERS.traceId];
    sendEdgeError(res, code, detail, typeof traceId === 'string' ? traceId : null);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (hasTooManyHeaders(req, config.maxHeaders)) {
      discardBody(req);
      sendEdgeError(res, 'EDGE_ERR_TOO_MANY_HEADERS', `more than ${config.maxHeaders} headers`, null);
      return;
    }
    // The gateway's own liveness, outside every listen path, like Tyk's /hello: readiness checks
    // use it, so that no service's health has to be proxied to clients.
    if (url.split('?')[0] === HELLO_PATH) {
      discardBody(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'pass', description: 'sw-edge emulator' }));
      return;
    }
    const api = apis.find((candidate) => matchesListenPath(url, candidate.definition.listenPath));
    if (!api) {
      sendEdgeError(res, 'EDGE_ERR_NOT_FOUND', `this edge serves ${apis.map((a) => a.definition.listenPath).join(', ')} only`, null);
      return;
    }
    const { definition } = api;
    const method = req.method ?? 'GET';
    const headers: Headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
    // Tyk's version check (black list) runs before the pre hook.
    const inner = upstreamPath(url.split('?')[0], definition.listenPath, true);
    // Tyk matches r.URL.Path, which Go has percent-decoded: `/%6detrics` is `/metrics` to it, and to Express.
    const matched = decodedPath(inner).toLowerCase();
    if (definition.blockedPaths.some((blocked) => matched.includes(blocked.toLowerCase()))) {
      refuse(req, res, 'EDGE_ERR_FORBIDDEN_PATH', `${definition.apiId} blocks ${inner} from clients`, headers);
      return;
    }
    const pre = runHooks(api.jsvm, api.hooks.pre, api.spec, method, url, headers);
    if (pre.kind !== 'proxy') return answerHookFailure(req, res, pre, url);
    if (definition.authHeaderName !== undefined) {
      const presented = headers[definition.authHeaderName.toLowerCase()];
      const key = Array.isArray(presented) ? presented[0] : presented;
      if (key === undefined || key === '') {
        refuse(req, res, 'EDGE_ERR_KEY_MISSING', `${definition.authHeaderName} header missing`, pre.headers);
        return;
      }
      if (!keys.has(key)) {
        // As Tyk: the event carries the request as it stood when refused, our pre hook's headers included.
        webhooks.fire(definition, {
          Type: 'AuthFailure',
          TimeStamp: goTimeString(Date.now()),
          Meta: {
            Message: 'Key not authorised',
            Path: url.split('?')[0],
            Origin: req.socket.remoteAddress ?? '',
            Key: key,
            OriginatingRequest: encodeOriginatingRequest(method, pre.url, pre.headers),
          },
        });
        refuse(req, res, 'EDGE_ERR_KEY_REJECTED', `${definition.apiId}: key not authorised`, pre.headers);
        return;
      }
    }
    const post = runHooks(api.jsvm, api.hooks.post, api.spec, method, pre.url, pre.headers);
    if (post.kind !== 'proxy') return answerHookFailure(req, res, post, url);
    const traceIdHeader = post.headers[EDGE_HEADERS.traceId];
    const traceId = typeof traceIdHeader === 'string' ? traceIdHeader : null;
    const upstreamUrl = new URL(upstreamPath(post.url, definition.listenPath, definition.stripListenPath), target);
    proxyRequest(agent, upstreamUrl, req, res, post.headers, traceId);
  };

  const answerHookFailure = (req: IncomingMessage, res: ServerResponse, pass: Exclude<HookPassResult, { kind: 'proxy' }>, url: string): void => {
    discardBody(req);
    if (pass.kind === 'failed') {
      logger.error({ url }, pass.error);
      sendEdgeError(res, 'EDGE_ERR_MIDDLEWARE', pass.error, null);
      return;
    }
    res.writeHead(pass.status, pass.headers);
    res.end(pass.body);
  };

  // A bug of ours answers 500 and keeps the gateway up, as Tyk recovers a panicking handler.
  const handleSafely = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(req, res);
    } catch (err) {
      logger.error({ err, url: req.url }, 'internal error');
      discardBody(req);
      sendEdgeError(res, 'EDGE_ERR_INTERNAL', null, null);
    }
  };
  const server = http.createServer({ maxHeaderSize: config.maxHeaderBytes }, handleSafely);
  capHeaderCount(server, config.maxHeaders);
  answerClientErrors(server, (kind) => {
    const code = CLIENT_ERROR_CODES[kind];
    return EDGE_ERRORS.answerFor(code, { detail: kind === 'headersTooLarge' ? `limit ${config.maxHeaderBytes} bytes` : null });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // A wildcard bind is reachable on loopback; the logged address is one a local client can use.
  const address = `${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
  for (const { definition, hooks, bundlePath } of apis) {
    logger.info(
      {
        address,
        apiId: definition.apiId,
        listenPath: definition.listenPath,
        keyed: definition.authHeaderName !== undefined,
        webhooks: Object.keys(definition.webhooks),
        upstream: target.origin,
        bundle: path.basename(bundlePath),
        hooks: [...hooks.pre, ...hooks.post].map((h) => h.name),
      },
      `edge listening on http://${address}${definition.listenPath}`,
    );
  }
  return {
    address,
    url: `http://${address}`,
    webhooksPending: () => webhooks.pending(),
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        webhooks.close();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** The path as Go's url.Parse gives it in r.URL.Path; a malformed escape is left as sent (Go refuses it with 400 before any match). */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
