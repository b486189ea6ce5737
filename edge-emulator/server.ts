/**
 * The local edge: a small Tyk stand-in for `npm start` and the end-to-end tests. It loads the built
 * bundle through its manifest, runs the pre and post hooks with Tyk's contract (jsvm.ts), strips the
 * listen path and proxies to the BFF. Not a Tyk replacement: no auth, quotas or transforms.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { EDGE_HEADERS } from '../trace/edge-headers';
import { readApiDefinition } from './api-definition';
import { loadBundleHooks } from './bundle-hooks';
import { readEdgeConfig, type EdgeConfig } from './config';
import { sendEdgeError } from './errors';
import { Jsvm } from './jsvm';
import { proxyRequest } from './proxy';
import { runHookPass } from './run-hooks';

export interface RunningEdge {
  address: string;
  url: string;
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

function matchesListenPath(url: string, listenPath: string): boolean {
  const prefix = listenPath.endsWith('/') ? listenPath.slice(0, -1) : listenPath;
  return url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
}

export async function start(overrides: Partial<EdgeConfig> & { logger?: Logger } = {}): Promise<RunningEdge> {
  const config = { ...readEdgeConfig(), ...overrides };
  const logger = overrides.logger ?? pino({ name: 'edge' });
  const api = readApiDefinition(config.apiDefinitionPath);
  const bundlePath = path.join(config.bundleDir, api.bundleName);
  const hooks = loadBundleHooks(bundlePath);
  const jsvm = new Jsvm({ tykjsSource: readTykjs(), files: hooks.files, timeoutMs: config.jsvmTimeoutMs, log: (line) => logger.info({ prefix: 'jsvm' }, line) });
  const spec = { APIID: api.apiId, OrgID: api.orgId, config_data: api.configData };
  const target = new URL(config.bffUrl);
  const agent = new http.Agent({ keepAlive: true });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (!matchesListenPath(url, api.listenPath)) {
      sendEdgeError(res, 'EDGE_ERR_NOT_FOUND', `this edge serves ${api.listenPath} only`, null);
      return;
    }
    const pass = runHookPass(jsvm, hooks, spec, req.method ?? 'GET', url, req.headers);
    if (pass.kind === 'failed') {
      logger.error({ url }, pass.error);
      req.resume();
      sendEdgeError(res, 'EDGE_ERR_MIDDLEWARE', pass.error, null);
      return;
    }
    if (pass.kind === 'respond') {
      req.resume();
      res.writeHead(pass.status, pass.headers);
      res.end(pass.body);
      return;
    }
    const traceIdHeader = pass.headers[EDGE_HEADERS.traceId];
    const traceId = typeof traceIdHeader === 'string' ? traceIdHeader : null;
    const upstreamUrl = new URL(upstreamPath(pass.url, api.listenPath, api.stripListenPath), target);
    proxyRequest(agent, upstreamUrl, req, res, pass.headers, traceId);
  };

  const server = http.createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const address = `127.0.0.1:${port}`;
  logger.info({ address, listenPath: api.listenPath, upstream: target.origin, bundle: path.basename(bundlePath), hooks: [...hooks.pre, ...hooks.post].map((h) => h.name) }, `edge listening on http://${address}${api.listenPath}`);
  return {
    address,
    url: `http://${address}`,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
