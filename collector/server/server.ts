// The embedded OAP-compatible collector: OAP's gRPC receiver on one port, its REST receiver,
// GraphQL subset and our read API on the other, one in-memory store behind both.
import { TraceStore } from './store';
import { startGrpc } from './grpc-server';
import { startHttp } from './http/http-server';
import { COLLECTOR_CONFIG, type CollectorConfig } from './config';
import { stderrLogger, type CollectorLogger } from './logger';
import { extraHttpRoutes } from './http/extra-routes';

export { TraceStore } from './store';
export type { CollectorLogger } from './logger';

/** Settings given here win over the env (collector/server/config.ts); ports 0 pick free ones. */
export interface CollectorOptions extends Partial<CollectorConfig> {
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

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function start(options: CollectorOptions = {}): Promise<RunningCollector> {
  const { logger: givenLogger, ...overrides } = options;
  const { host, grpcPort, httpPort, maxTraces, maxSpans, maxBodyBytes } = COLLECTOR_CONFIG.load(process.env, overrides);
  const logger = givenLogger ?? stderrLogger;
  const store = new TraceStore({ maxTraces, maxSpans });

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
