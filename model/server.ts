// The model server as a service you can boot from a test: start({port}) → {address, stop}.
// Listens at once; the model loads in worker threads behind it (/readyz says when).
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { loadConfig, type ModelConfig } from './config';
import { answerClientErrors, type ClientErrorKind } from '../service-kit/http/client-error';
import { createGracefulStop } from '../service-kit/http/graceful-stop';
import { MODEL_ERRORS, ModelError, type ModelErrorCode } from './errors';
import { createMetrics } from './http/metrics';
import { predictHandler } from './http/predict-route';
import { settleUnreadBody } from './http/unread-body';
import { createLogger, type Logger } from './logger';
import { InferencePool } from './pool/pool';
import { checkModelDir } from './inference/artifacts';
import { activeTraceId } from '../service-kit/agent/trace-ids';

/** Node's parser refused the request before express saw it (issue 9 §8); there is no trace yet. */
const CLIENT_ERROR_CODES: Record<ClientErrorKind, ModelErrorCode> = {
  headersTooLarge: 'MODEL_ERR_HEADERS_TOO_LARGE',
  headersTimeout: 'MODEL_ERR_REQUEST_TIMEOUT',
  badRequest: 'MODEL_ERR_BAD_REQUEST',
};

export interface StartOptions extends Partial<ModelConfig> {
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface ModelServer {
  /** http://<HOST>:<port> (127.0.0.1 when listening on every address) */
  address: string;
  port: number;
  /** resolves when every worker has loaded and warmed up the model; rejects if loading failed */
  ready: Promise<void>;
  config: ModelConfig;
  pool(): InferencePool | null;
  /** stop accepting, finish in-flight requests (up to shutdownTimeoutMs), stop the workers */
  stop(): Promise<void>;
}

export async function start(options: StartOptions = {}): Promise<ModelServer> {
  const { logger: givenLogger, env, ...overrides } = options;
  const config = loadConfig(env ?? process.env, overrides);
  const log = givenLogger ?? createLogger();
  let pool: InferencePool | null = null;
  let loadError: string | null = null;
  const graceful = createGracefulStop();

  const metrics = createMetrics(() => pool?.stats() ?? { queued: 0, admitted: 0, busyWorkers: 0, numTensors: [], tids: [] });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(graceful.track);
  app.use((req, res, next) => {
    const route = req.path;
    let counted = false;
    const count = (): void => {
      if (counted) return;
      counted = true;
      const known = ['/predict', '/healthz', '/readyz', '/metrics', '/v1/models/default'].includes(route) ? route : 'other';
      metrics.requests.inc({ route: known, status: String(res.statusCode) });
    };
    res.on('finish', count);
    res.on('close', count);
    next();
  });

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => {
    if (graceful.isDraining()) throw new ModelError('MODEL_ERR_SHUTTING_DOWN');
    if (!pool) throw new ModelError('MODEL_ERR_NOT_READY', { detail: loadError ? { reason: loadError } : undefined });
    // A load balancer should send no more work while a new request would be refused.
    if (!pool.hasRoom())
      throw new ModelError('MODEL_ERR_BUSY', { detail: { maxQueue: config.maxQueue }, headers: { 'Retry-After': String(config.retryAfterSeconds) } });
    res.json({ status: 'ready', model: pool.info.name, backend: pool.info.backend, execution: pool.info.execution });
  });
  app.get('/v1/models/default', (_req, res) => {
    if (!pool) throw new ModelError('MODEL_ERR_NOT_READY', { detail: loadError ? { reason: loadError } : undefined });
    const i = pool.info;
    res.json({
      name: i.name,
      labels: i.labels,
      inputShape: i.inputShape,
      inputRange: i.inputRange,
      backend: i.backend,
      backendSkipped: i.backendSkipped,
      execution: i.execution,
      ...(i.foldSkipped ? { foldSkipped: i.foldSkipped } : {}),
      loadMs: i.loadMs,
      batching: { workers: config.workers, intraOpThreads: i.intraOpThreads, maxBatch: pool.maxBatch, maxWaitMs: config.maxWaitMs, maxQueue: config.maxQueue },
      limits: { maxBytes: config.maxBytes, maxPixels: config.maxPixels },
      topK: config.topK,
    });
  });
  app.get('/metrics', async (_req, res, next) => {
    try {
      res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (err) {
      next(err);
    }
  });
  const predict = predictHandler({ config, metrics, pool: () => pool, draining: graceful.isDraining });
  app.post('/predict', (req, res, next) => void predict(req, res).catch(next));
  app.use(() => {
    throw new ModelError('MODEL_ERR_NOT_FOUND');
  });
  // One error responder for every route: {code, error, detail, traceId}.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers, expected } = MODEL_ERRORS.answer(err, activeTraceId());
    if (!expected) log.error({ err, path: req.path }, 'internal error');
    metrics.rejected.inc({ code: body.code });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (settleUnreadBody(req, config.maxBytes + 64 * 1024, config.requestTimeoutMs)) res.set('Connection', 'close');
    res.status(status).set(headers).json(body);
  });

  // Node checks both timeouts every connectionsCheckingInterval (30 s by default): check every
  // second so that a stalled client is cut near its deadline.
  const server = http.createServer(
    { headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1000 },
    app,
  );
  answerClientErrors(server, (kind, err) => {
    const code = CLIENT_ERROR_CODES[kind];
    metrics.rejected.inc({ code });
    return MODEL_ERRORS.answerFor(code, { detail: kind === 'badRequest' ? { reason: err.code ?? 'parse error' } : null });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const address = `http://${shownHost}:${port}`;
  log.info({ address, workers: config.workers }, 'model server listening');

  const load = async (): Promise<void> => {
    // A wrong MODEL_DIR fails here, before any worker spends a second loading tfjs.
    if (config.modelDir) checkModelDir(config.modelDir);
    const p = await InferencePool.start({
      workers: config.workers,
      maxBatch: config.maxBatch,
      maxWaitMs: config.maxWaitMs,
      maxQueue: config.maxQueue,
      settings: {
        modelDir: config.modelDir,
        modelName: config.modelName,
        backend: config.backend,
        fold: config.fold,
        inputRange: config.inputRange,
        intraOpThreads: config.intraOpThreads,
        nice: config.workerNice,
      },
    });
    if (graceful.isDraining()) {
      await p.close();
      return;
    }
    pool = p;
    p.onDispatch((n) => metrics.batchSize.observe(n));
    metrics.backendInfo.set({ backend: p.info.backend, model: p.info.name, execution: p.info.execution }, 1);
    log.info(
      {
        model: p.info.name,
        backend: p.info.backend,
        backendSkipped: p.info.backendSkipped,
        execution: p.info.execution,
        foldSkipped: p.info.foldSkipped,
        maxBatch: p.maxBatch,
        intraOpThreads: p.info.intraOpThreads,
        loadMs: p.info.loadMs,
      },
      'model ready',
    );
  };
  const ready = load().catch((err: Error) => {
    loadError = err.message;
    log.error({ err }, 'model failed to load');
    throw err;
  });
  ready.catch(() => undefined); // observed through /readyz and the returned promise

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const drained = await graceful.drain(server, config.shutdownTimeoutMs);
      if (drained === 'deadline') log.warn({ shutdownTimeoutMs: config.shutdownTimeoutMs }, 'MODEL_SHUTDOWN_TIMEOUT_MS passed; connections cut');
      await ready.catch(() => undefined);
      await pool?.close();
      pool = null;
    })();
    return stopping;
  };

  return { address, port, ready, config, pool: () => pool, stop };
}
