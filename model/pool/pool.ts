// Inference worker pool with dynamic batching and a bounded admission queue.
//
// A request reserves a place once its image is fully received and decoded (issue 9 §5: a slow
// upload never holds inference capacity), submits the pixels at once, and learns when its batch left
// the queue (`dispatched`) and when the worker answered (`done`). Batches form from whatever is
// queued when a worker is idle: up to maxBatch images, waiting at most maxWaitMs for a partial batch
// to fill. A profiled request always runs alone.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KernelTime } from '../inference/classifier';
import { defaultMaxBatch } from './batch-size';
import type { FromWorker, ModelInfo, ToWorker, WorkerSettings } from './protocol';

export interface PoolOptions {
  workers: number;
  /** null: the backend's default (batch-size.ts) */
  maxBatch: number | null;
  maxWaitMs: number;
  maxQueue: number;
  settings: WorkerSettings;
}

export interface JobResult {
  probabilities: Float32Array;
  batchSize: number;
  inferMs: number;
  worker: number;
  kernels?: KernelTime[];
}

export interface Job {
  /** resolves when the image leaves the queue for a worker */
  dispatched: Promise<{ batchSize: number; worker: number }>;
  done: Promise<JobResult>;
  /** takes the image out of the queue if no worker has it yet (its client is gone); done then rejects with JobCancelledError */
  cancel(): boolean;
}

export interface Reservation {
  submit(image: Uint8Array, options?: { profile?: boolean }): Job;
  /** gives the place back when the request fails before submitting */
  release(): void;
}

export interface PoolStats {
  queued: number;
  admitted: number;
  busyWorkers: number;
  workers: number;
  batches: number;
  images: number;
  /** tf.memory().numTensors last reported by each worker */
  numTensors: number[];
  /** Linux thread id of each worker (CPU accounting), null where unknown */
  tids: (number | null)[];
}

interface Pending {
  image: Uint8Array;
  profile: boolean;
  enqueuedAt: number;
  onDispatch: (v: { batchSize: number; worker: number }) => void;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  busy: Pending[] | null;
  batchId: number;
  numTensors: number;
  tid: number | null;
}

/** How long close() waits for running batches before it terminates the workers anyway. */
const CLOSE_WAIT_MS = 5000;

export class PoolClosedError extends Error {}
export class JobCancelledError extends Error {}

function newWorker(settings: WorkerSettings, name: string): Worker {
  // Compiled: dist/node/model/pool/worker.js. Under tsx (tests, bench) this file is .ts and a
  // worker does not inherit tsx's loader, so the worker registers tsx's require hook first.
  if (path.extname(__filename) === '.js') return new Worker(path.join(__dirname, 'worker.js'), { workerData: settings, name });
  const file = path.join(__dirname, 'worker.ts');
  const code = `require('tsx/cjs'); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, workerData: settings, name });
}

export class InferencePool {
  readonly info: ModelInfo;
  readonly maxBatch: number;
  private readonly opts: PoolOptions;
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private admitted = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private nextBatchId = 1;
  private batches = 0;
  private images = 0;
  private readonly onBatch: ((size: number) => void)[] = [];

  private constructor(opts: PoolOptions, slots: Slot[], info: ModelInfo) {
    this.opts = opts;
    this.slots = slots;
    this.info = info;
    this.maxBatch = opts.maxBatch ?? defaultMaxBatch(info.backend);
    for (const s of slots) this.attach(s);
  }

  /** Starts every worker and resolves once all have loaded and warmed up the model. */
  static async start(opts: PoolOptions): Promise<InferencePool> {
    const spawned = Array.from({ length: opts.workers }, (_, i) => spawn(i, opts.settings));
    const results = await Promise.allSettled(spawned.map((s) => s.ready));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(spawned.map((s) => s.worker.terminate()));
      throw (failed as PromiseRejectedResult).reason;
    }
    const infos = results.map((r) => (r as PromiseFulfilledResult<ModelInfo>).value);
    const slots = spawned.map((s, index) => ({ index, worker: s.worker, busy: null, batchId: 0, numTensors: 0, tid: infos[index].tid ?? null }));
    const { tid: _tid, ...info } = infos[0];
    void _tid;
    return new InferencePool(opts, slots, info);
  }

  /** Called with each batch size as it is dispatched (metrics). */
  onDispatch(fn: (size: number) => void): void {
    this.onBatch.push(fn);
  }

  /** false while the queue is full: a new request would be refused (readiness, early 503). */
  hasRoom(): boolean {
    return !this.closed && this.admitted < this.opts.maxQueue;
  }

  reserve(): Reservation | null {
    if (!this.hasRoom()) return null;
    this.admitted++;
    let used = false;
    const done = (): boolean => {
      if (used) return false;
      used = true;
      return true;
    };
    return {
      submit: (image, options = {}) => {
        if (!done()) throw new Error('reservation already used');
        return this.enqueue(image, options.profile === true);
      },
      release: () => {
        if (done()) this.admitted--;
      },
    };
  }

  stats(): PoolStats {
    return {
      queued: this.queue.length,
      admitted: this.admitted,
      busyWorkers: this.slots.filter((s) => s.busy).length,
      workers: this.slots.length,
      batches: this.batches,
      images: this.images,
      numTensors: this.slots.map((s) => s.numTensors),
      tids: this.slots.map((s) => s.tid),
    };
  }

  /** Fails queued work, stops the workers. Call after in-flight requests have drained. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const p of this.queue.splice(0)) p.reject(new PoolClosedError('pool closed'));
    // onnxruntime aborts the whole process (a native exception) when its thread is terminated in
    // the middle of a run: let running batches finish first (after a drain timeout some still run).
    const deadline = performance.now() + CLOSE_WAIT_MS;
    while (this.slots.some((s) => s.busy && s.busy.length > 0) && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private enqueue(image: Uint8Array, profile: boolean): Job {
    let onDispatch!: Pending['onDispatch'];
    const dispatched = new Promise<{ batchSize: number; worker: number }>((r) => (onDispatch = r));
    let pending!: Pending;
    const done = new Promise<JobResult>((resolve, reject) => {
      pending = { image, profile, enqueuedAt: performance.now(), onDispatch, resolve, reject };
      this.queue.push(pending);
    });
    this.pump();
    const cancel = (): boolean => {
      const at = this.queue.indexOf(pending);
      if (at < 0) return false;
      this.queue.splice(at, 1);
      this.admitted--;
      pending.reject(new JobCancelledError('the client went away before its turn'));
      return true;
    };
    return { dispatched, done, cancel };
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.find((s) => !s.busy);
      if (!slot) return;
      const head = this.queue[0];
      const waited = performance.now() - head.enqueuedAt;
      const fullBatch = this.queue.filter((p) => !p.profile).length >= this.maxBatch;
      if (!head.profile && !fullBatch && waited < this.opts.maxWaitMs) {
        this.timer = setTimeout(() => this.pump(), Math.ceil(this.opts.maxWaitMs - waited));
        return;
      }
      const batch: Pending[] = [];
      if (head.profile) batch.push(this.queue.shift()!);
      else {
        while (batch.length < this.maxBatch && this.queue.length > 0 && !this.queue[0].profile) batch.push(this.queue.shift()!);
      }
      this.send(slot, batch);
    }
  }

  private send(slot: Slot, batch: Pending[]): void {
    slot.busy = batch;
    slot.batchId = this.nextBatchId++;
    this.admitted -= batch.length;
    this.batches++;
    this.images += batch.length;
    for (const fn of this.onBatch) fn(batch.length);
    for (const p of batch) p.onDispatch({ batchSize: batch.length, worker: slot.index });
    const msg: ToWorker = { type: 'batch', id: slot.batchId, images: batch.map((p) => p.image), profile: batch[0].profile };
    slot.worker.postMessage(msg);
  }

  private attach(slot: Slot): void {
    slot.worker.on('message', (msg: FromWorker) => {
      if ((msg.type !== 'result' && msg.type !== 'error') || msg.id !== slot.batchId || !slot.busy) return;
      const batch = slot.busy;
      slot.busy = null;
      if (msg.type === 'result') {
        slot.numTensors = msg.numTensors;
        for (const [i, p] of batch.entries()) {
          p.resolve({
            probabilities: msg.probabilities[i],
            batchSize: batch.length,
            inferMs: msg.inferMs,
            worker: slot.index,
            ...(msg.kernels ? { kernels: msg.kernels } : {}),
          });
        }
      } else {
        for (const p of batch) p.reject(new Error(`inference failed: ${msg.message}`));
      }
      this.pump();
    });
    slot.worker.on('error', (err) => this.fail(slot, err));
    slot.worker.on('exit', (code) => {
      this.fail(slot, new Error(`inference worker exited with code ${code}`));
      if (!this.closed) this.respawn(slot);
    });
  }

  private fail(slot: Slot, err: Error): void {
    const batch = slot.busy;
    slot.busy = null;
    for (const p of batch ?? []) p.reject(err);
  }

  private respawn(slot: Slot): void {
    const s = spawn(slot.index, this.opts.settings);
    slot.worker = s.worker;
    slot.busy = []; // not available until ready
    s.ready.then(
      (info) => {
        slot.tid = info.tid ?? null;
        if (this.closed) {
          void s.worker.terminate();
          return;
        }
        slot.busy = null;
        this.attach(slot);
        this.pump();
      },
      () => {
        /* stays unavailable; the other workers carry on */
      },
    );
  }
}

function spawn(index: number, settings: WorkerSettings): { worker: Worker; ready: Promise<ModelInfo> } {
  const worker = newWorker(settings, `model-worker-${index}`);
  const ready = new Promise<ModelInfo>((resolve, reject) => {
    const onMessage = (msg: FromWorker): void => {
      if (msg.type === 'ready') {
        cleanup();
        resolve(msg.info);
      } else if (msg.type === 'failed') {
        cleanup();
        reject(new Error(`model failed to load: ${msg.message}`));
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`inference worker exited with code ${code} before it was ready`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  return { worker, ready };
}
