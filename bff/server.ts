/**
 * The BFF as a value: `start({port})` boots it and resolves with its address and `stop()`.
 * Used by main.ts (which starts the agent first) and by tests (which boot it in-process).
 */
import express from 'express';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import pino, { type Logger, type DestinationStream } from 'pino';
import { BFF_CONFIG, type BffConfig } from './config';
import { createLogger } from './logger';
import { createLogShipper } from './log-shipper';
import { createMetrics } from './metrics';
import { EdgeSegmentReporter } from './edge-segment/reporter';
import { edgeSegmentMiddleware } from './edge-segment/middleware';
import type { Sender } from './oap-http/send';
import { requestTraceMiddleware } from './request-trace';
import { classifyHandler } from './routes/classify';
import { healthRoutes } from './routes/health';
import { rejectedRoute, REJECTED_PATH } from './rejected/route';
import { errorMiddleware, notFound } from './error-middleware';
import { loadGot } from './got-loader';
import { dropInvalidSw8 } from './drop-invalid-sw8';
import { createGracefulStop } from '../service-kit/http/graceful-stop';
import { discardBody } from '../service-kit/http/discard-body';
import { answerClientErrors, type ClientErrorKind } from '../service-kit/http/client-error';
import { capHeaderCount, hasTooManyHeaders } from '../service-kit/http/too-many-headers';
import { BFF_ERRORS, BffError, type BffErrorCode } from './errors';

export const CLASSIFY_PATH = '/api/v1/classify';

const HEADERS_TIMEOUT_CHECK_MS = 1000;

const CLIENT_ERROR_CODES: Record<ClientErrorKind, BffErrorCode> = {
  headersTooLarge: 'BFF_ERR_HEADERS_TOO_LARGE',
  headersTimeout: 'BFF_ERR_HEADERS_TIMEOUT',
  badRequest: 'BFF_ERR_BAD_REQUEST',
};

export interface StartOptions extends Partial<BffConfig> {
  /** Where log lines go; default stdout. */
  logDestination?: DestinationStream;
  /** Replaces the HTTP client of the reporter and log shipper (tests). */
  send?: Sender;
  /** The clock the rejected-request webhook checks event times against (tests replay a recorded event). */
  now?: () => number;
}

export interface RunningBff {
  /** `http://127.0.0.1:<port>` */
  address: string;
  port: number;
  config: BffConfig;
  logger: Logger;
  reporter: EdgeSegmentReporter;
  /** Drain in-flight requests, then flush the reporter and log shipper. Idempotent. */
  stop(): Promise<void>;
}

export async function start(options: StartOptions = {}): Promise<RunningBff> {
  const { logDestination, send, now, ...overrides } = options;
  const config = BFF_CONFIG.load(process.env, overrides);
  const instance = config.serviceInstance || os.hostname();
  await loadGot();

  const reporterQueue = { maxAgeMs: config.edgeQueueSeconds * 1000, maxBytes: config.edgeQueueMaxBytes };
  const destinations: DestinationStream[] = [logDestination ?? pino.destination({ dest: 1, sync: false })];
  const shipper = config.shipLogs
    ? createLogShipper({
        oapHttpUrl: config.oapHttpUrl,
        service: config.serviceName,
        serviceInstance: instance,
        intervalMs: config.edgeReportIntervalMs,
        queue: reporterQueue,
        batchMax: config.edgeBatchMax,
        send,
      })
    : undefined;
  if (shipper) destinations.push(shipper.stream);
  const logger = createLogger({ level: config.logLevel, service: config.serviceName, destinations });

  const reporter = new EdgeSegmentReporter({
    oapHttpUrl: config.oapHttpUrl,
    intervalMs: config.edgeReportIntervalMs,
    queue: reporterQueue,
    batchMax: config.edgeBatchMax,
    send,
    onError: (reason) => logger.warn({ reason }, 'edge segment reporter'),
  });
  const rejected = rejectedRoute({
    sharedSecret: config.edgeSharedSecret,
    maxBytes: config.edgeRejectedMaxBytes,
    windowMs: config.edgeClockWindowMs,
    reporter,
    logger,
    now,
  });
  const metrics = createMetrics(reporter, rejected.stats, shipper ? () => shipper.reporter.stats() : undefined);

  const drain = createGracefulStop();
  const app = express();
  app.disable('x-powered-by');
  app.use(drain.track);
  app.use(requestTraceMiddleware);
  app.use((req, _res, next) => {
    if (!hasTooManyHeaders(req, config.maxHeaders)) return next();
    next(new BffError('BFF_ERR_TOO_MANY_HEADERS', { detail: { limit: config.maxHeaders } }));
  });
  app.use(metrics.countRequests);
  app.use(healthRoutes({ modelUrl: config.modelUrl, registry: metrics.registry, isDraining: drain.isDraining }));
  // Past health and readiness: new work on a connection still open is refused while draining.
  app.use((req, _res, next) => {
    if (!drain.isDraining()) return next();
    discardBody(req);
    next(new BffError('BFF_ERR_SHUTTING_DOWN', { headers: { 'retry-after': '1' } }));
  });
  // Before the edge-segment middleware: a webhook is not a request that came through the edge.
  app.post(REJECTED_PATH, rejected.handler);
  app.use(edgeSegmentMiddleware(reporter, config.edgeSharedSecret, config.edgeClockWindowMs, logger));
  app.use((req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
    });
    next();
  });
  app.post(
    CLASSIFY_PATH,
    metrics.countClassifyInFlight,
    classifyHandler({
      modelUrl: config.modelUrl,
      modelTimeoutMs: config.modelTimeoutMs,
      maxUploadBytes: config.maxUploadBytes,
      onModelCall: (outcome) => metrics.observeModelCall(outcome),
      logger,
    }),
  );
  app.use(notFound);
  app.use(errorMiddleware(logger));

  const server = http.createServer(
    // Node checks headersTimeout only every connectionsCheckingInterval (30 s by default).
    { maxHeaderSize: config.maxHeaderBytes, headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: HEADERS_TIMEOUT_CHECK_MS },
    app,
  );
  capHeaderCount(server, config.maxHeaders);
  answerClientErrors(
    server,
    (kind) => {
      const code = CLIENT_ERROR_CODES[kind];
      const limit =
        kind === 'headersTooLarge' ? { limitBytes: config.maxHeaderBytes } : kind === 'headersTimeout' ? { timeoutMs: config.headersTimeoutMs } : undefined;
      return BFF_ERRORS.answerFor(code, { detail: limit });
    },
    (kind, err) => logger.info({ kind, err: err.code }, 'refused before parsing'),
  );
  dropInvalidSw8(server, (reason, detail) => {
    metrics.countDroppedSw8(reason);
    logger.debug({ reason, detail }, 'invalid sw8 dropped; the request starts a new trace');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // A wildcard bind is reachable on loopback; the logged address is one a local client can use.
  const address = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
  reporter.start();
  shipper?.reporter.start();
  logger.info({ address, modelUrl: config.modelUrl, oapHttpUrl: config.oapHttpUrl }, 'bff listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const drained = await drain.drain(server, config.shutdownTimeoutMs);
      logger.info({ drained }, drained === 'drained' ? 'in-flight requests finished' : 'BFF_SHUTDOWN_TIMEOUT_MS passed; connections cut');
      reporter.stop();
      await reporter.flush(2000);
      if (shipper) {
        shipper.reporter.stop();
        await shipper.reporter.flush(1000);
      }
      logger.info({ reporter: reporter.stats(), logShipper: shipper?.reporter.stats(), webhooks: rejected.stats.entries() }, 'bff stopped');
    })();
    return stopping;
  };

  return { address, port, config, logger, reporter, stop };
}
