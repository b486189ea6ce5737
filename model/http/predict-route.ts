// POST /predict: read → decode → queue → infer → postprocess, one stage span each. Only a received,
// decoded image takes a queue place.
import type { Request, Response } from 'express';
import { ModelError } from '../errors';
import { decodeImage } from '../image/decode';
import { createLimiter } from '../image/limiter';
import type { ModelConfig } from '../config';
import { JobCancelledError, PoolClosedError, type InferencePool } from '../pool/pool';
import { inStage } from '../tracing/spans';
import type { ModelMetrics, Stage } from './metrics';
import { readUpload } from './read-upload';
import { formatServerTiming } from './server-timing';
import { parseTopK, topK } from './top-k';

export interface PredictDeps {
  config: ModelConfig;
  pool: () => InferencePool | null;
  draining: () => boolean;
  metrics: ModelMetrics;
}

export function predictHandler(deps: PredictDeps) {
  const { config, metrics } = deps;
  const decoders = createLimiter(config.decodeConcurrency);
  return async (req: Request, res: Response): Promise<void> => {
    if (deps.draining()) throw new ModelError('MODEL_ERR_SHUTTING_DOWN');
    const early = deps.pool();
    if (!early) throw new ModelError('MODEL_ERR_NOT_READY');
    // Refused at once, body unread, when the queue is full; but a place is taken only once the image
    // is received and decoded, so slow uploads never hold inference capacity (issue 9 §5).
    if (!early.hasRoom()) throw busy(config);
    let clientGone = false;
    let onGone = (): void => undefined;
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      onGone();
    });
    const info = early.info;
    const times = { decode: 0, queue: 0, infer: 0, post: 0 };
    const observe = (stage: Stage, since: number): number => {
      const ms = performance.now() - since;
      times[stage] = ms;
      metrics.stageSeconds.observe({ stage }, ms / 1000);
      return performance.now();
    };
    const upload = await readUpload(req, config.maxBytes, {
      idleTimeoutMs: config.bodyIdleTimeoutMs,
      minBytesPerSecond: config.bodyMinBytesPerSecond,
      graceMs: config.bodyRateGraceMs,
    });
    const k = parseTopK(req.query.top_k ?? upload.fields.top_k, config.topK, info.labels.length);
    const profile = req.get('x-model-profile') === '1';
    let t = performance.now();
    const [h, w, c] = info.inputShape;
    const image = await inStage('image/decode', async (span) => {
      const d = await decoders.run(() => decodeImage(upload.bytes, { width: w, height: h, channels: c === 1 ? 1 : 3, maxPixels: config.maxPixels }));
      span.tag('image.type', d.type);
      span.tag('image.size', `${d.sourceWidth}x${d.sourceHeight}`);
      return d;
    });
    t = observe('decode', t);
    if (clientGone) {
      metrics.abandoned.inc({ stage: 'decode' });
      return;
    }
    // A request that started before SIGTERM is answered in full: stop() closes the pool only once
    // every request in flight has finished.
    const pool = deps.pool();
    if (!pool) throw new ModelError('MODEL_ERR_SHUTTING_DOWN');
    const reservation = pool.reserve();
    if (!reservation) throw busy(config);
    const job = reservation.submit(image.pixels, { profile });
    // A caller that gave up (its deadline passed, it closed the connection) gives its place back
    // before a worker spends time on it (issue 9 §10).
    onGone = () => {
      if (job.cancel()) metrics.abandoned.inc({ stage: 'queue' });
    };
    try {
      await inStage('model/queue', async (span) => {
        // done rejects (pool closed, worker died, cancelled) without ever dispatching: race both.
        const d = await Promise.race([job.dispatched, job.done]);
        span.tag('batch.size', d.batchSize);
      });
      t = observe('queue', t);
      const result = await inStage('model/infer', async (span) => {
        const r = await job.done;
        span.tag('batch.size', r.batchSize);
        span.tag('backend', info.backend);
        span.tag('model', info.name);
        if (r.kernels) span.tag('profile.kernels', JSON.stringify(r.kernels));
        return r;
      });
      t = observe('infer', t);
      const predictions = await inStage('model/postprocess', async (span) => {
        span.tag('top_k', k);
        return topK(result.probabilities, info.labels, k);
      });
      observe('post', t);
      res.set('Server-Timing', formatServerTiming(times));
      res.json({
        model: info.name,
        backend: info.backend,
        predictions,
        // tfjs backends time every kernel; onnxruntime gives the batch's time only.
        ...(profile
          ? { profile: { batchSize: result.batchSize, inferMs: round(result.inferMs), ...(result.kernels ? { kernels: result.kernels } : {}) } }
          : {}),
      });
    } catch (err) {
      if (err instanceof JobCancelledError) return; // nobody to answer
      if (err instanceof PoolClosedError) throw new ModelError('MODEL_ERR_SHUTTING_DOWN');
      throw err;
    }
  };
}

function busy(config: ModelConfig): ModelError {
  return new ModelError('MODEL_ERR_BUSY', { detail: { maxQueue: config.maxQueue }, headers: { 'Retry-After': String(config.retryAfterSeconds) } });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
