// Prometheus metrics, one registry per server instance (tests run several in one process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../pool/pool';
import { cpuByThreadRole } from './thread-cpu';

export type Stage = 'decode' | 'queue' | 'infer' | 'post';

export interface ModelMetrics {
  registry: Registry;
  requests: Counter<'route' | 'status'>;
  stageSeconds: Histogram<'stage'>;
  batchSize: Histogram;
  rejected: Counter<'code'>;
  abandoned: Counter<'stage'>;
  backendInfo: Gauge<'backend' | 'model' | 'execution'>;
}

/** What the gauges read from the pool (zeros before it has started). */
export type PoolView = Pick<PoolStats, 'queued' | 'admitted' | 'busyWorkers' | 'numTensors' | 'tids'>;

export function createMetrics(queueDepth: () => PoolView): ModelMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'model_' });
  const requests = new Counter({
    name: 'model_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: 'model_stage_duration_seconds',
    help: 'Time per /predict stage',
    labelNames: ['stage'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'model_batch_size',
    help: 'Images per inference batch',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'model_rejected_total',
    help: 'Requests answered with an error, by code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const abandoned = new Counter({
    name: 'model_abandoned_total',
    help: 'Requests whose client went away before inference, by where they were dropped: decode (never queued) or queue (taken out of it)',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'model_queue_depth',
    help: 'Images waiting for a worker',
    registers: [registry],
    collect() {
      this.set(queueDepth().queued);
    },
  });
  new Gauge({
    name: 'model_admitted_requests',
    help: 'Decoded images holding a queue place (queued, not yet on a worker)',
    registers: [registry],
    collect() {
      this.set(queueDepth().admitted);
    },
  });
  new Gauge({
    name: 'model_busy_workers',
    help: 'Inference workers running a batch',
    registers: [registry],
    collect() {
      this.set(queueDepth().busyWorkers);
    },
  });
  new Gauge({
    name: 'model_worker_tensors',
    help: 'tf.memory().numTensors in each worker after its last batch (constant unless tensors leak)',
    labelNames: ['worker'] as const,
    registers: [registry],
    collect() {
      for (const [i, n] of queueDepth().numTensors.entries()) this.set({ worker: String(i) }, n);
    },
  });
  const backendInfo = new Gauge({
    name: 'model_backend_info',
    help: 'The backend serving the model (value 1)',
    labelNames: ['backend', 'model', 'execution'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'model_thread_cpu_seconds',
    help: 'CPU time of this process by thread: main (HTTP, JSON, batching), inference (workers), other (libuv pool: sharp decode; V8 GC and compiler threads). Linux only',
    labelNames: ['thread'] as const,
    registers: [registry],
    collect() {
      const tids = new Set(queueDepth().tids.filter((t): t is number => t !== null));
      for (const [thread, ms] of Object.entries(cpuByThreadRole(tids))) this.set({ thread }, ms / 1000);
    },
  });
  return { registry, requests, stageSeconds, batchSize, rejected, abandoned, backendInfo };
}
