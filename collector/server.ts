// The embedded OAP-compatible collector: OAP's gRPC receiver on one port, its REST receiver,
// GraphQL subset and our read API on the other, one in-memory store behind both.
import { TraceStore } from './store';
import { startGrpc } from './grpc-server';
import { startHttp } from './http/http-server';
import { DEFAULT_MAX_BODY_BYTES } from './http/body';
import { stderrLogger, type CollectorLogger } from './logger';
import { extraHttpRoutes } from './http/extra-routes';

export { TraceStore } from './store';
export type { CollectorLogger } from './logger';

export interface CollectorOptions {
  /** gRPC port; 0 picks a free one. Default SW_COLLECTOR_GRPC_PORT or 11800. */
  grpcPort?: number;
  /** HTTP port; 0 picks a free one. Default SW_COLLECTOR_HTTP_PORT or 12800. */
  httpPort?: number;
  /** Interface to bind. Default 127.0.0.1 (SW_COLLECTOR_HOST). */
  host?: string;
  maxTraces?: number;
  maxSpans?: number;
  /** Largest HTTP body accepted (default 10 MiB, COLLECTOR_MAX_BODY_BYTES); beyond it, 413. */
  maxBodyBytes?: number;
  logger?: CollectorLogger;
}

export interface RunningCollector {
  /** "127.0.0.1:PORT": what SW_AGENT_COLLECTOR_BACKEND_SERVICES takes. */
  grpcAddress: string;
  /** "http://127.0.0.1:PORT": what SW_OAP_HTTP_URL takes. */
  httpUrl: string;
  store: TraceStore;
  stop(): Promise<void>;
}

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number from 0 to 65535, got ${JSON.stringify(raw)}`);
  return n;
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function start(options: CollectorOptions = {}): Promise<RunningCollector> {
  const host = options.host ?? (process.env.SW_COLLECTOR_HOST || '127.0.0.1');
  const grpcPort = options.grpcPort ?? envPort('SW_COLLECTOR_GRPC_PORT', 11800);
  const httpPort = options.httpPort ?? envPort('SW_COLLECTOR_HTTP_PORT', 12800);
  const logger = options.logger ?? stderrLogger;
  const store = new TraceStore({
    maxTraces: options.maxTraces ?? envInt('COLLECTOR_MAX_TRACES'),
    maxSpans: options.maxSpans ?? envInt('COLLECTOR_MAX_SPANS'),
  });
  const maxBodyBytes = options.maxBodyBytes ?? envInt('COLLECTOR_MAX_BODY_BYTES') ?? DEFAULT_MAX_BODY_BYTES;

  const grpc = await startGrpc(store, host, grpcPort, logger);
  let httpServer: Awaited<ReturnType<typeof startHttp>>;
  try {
    httpServer = await startHttp(store, host, httpPort, maxBodyBytes, logger, extraHttpRoutes(store));
  } catch (err) {
    await grpc.stop();
    throw err;
  }
  const shownHost = urlHost(host);
  let stopping: Promise<void> | undefined;
  return {
    grpcAddress: `${shownHost}:${grpc.port}`,
    httpUrl: `http://${shownHost}:${httpServer.port}`,
    store,
    stop: () => {
      stopping ??= Promise.all([grpc.stop(), httpServer.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
