// OAP's REST port (12800): the receiver paths, the collector's read API, GraphQL and the trace page.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TraceStore } from '../store';
import type { CollectorLogger } from '../logger';
import { createRequestHandler, type Route } from './router';
import { ingestRoutes } from './ingest-routes';
import { queryRoutes } from './query-routes';

export interface RunningHttp {
  port: number;
  stop(): Promise<void>;
}

export async function startHttp(
  store: TraceStore,
  host: string,
  port: number,
  maxBodyBytes: number,
  logger: CollectorLogger,
  extraRoutes: Route[] = [],
): Promise<RunningHttp> {
  const routes = [...ingestRoutes(store), ...queryRoutes(store), ...extraRoutes];
  const server = http.createServer(createRequestHandler(routes, maxBodyBytes, logger));
  // OAP's REST receiver caps headers at 8192 bytes; Node's default (16 KB) is close enough and kinder.
  server.keepAliveTimeout = 5000;
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    logger.warn(`collector: bad HTTP request: ${err.message}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
