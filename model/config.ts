// Every setting of the model server: env name, default, and what it does. Read once at start.
import os from 'node:os';
import { bool, type ConfigOf, defineConfig, InvalidValue, integer, type Parser, port, text } from '../service-kit/config';

/** A name or folder that, unset, is chosen by the model loader. */
const nullableText: Parser<string | null> = (raw) => raw;
const optionalInt =
  (min: number, max: number): Parser<number | null> =>
  (raw) => {
    if (raw === 'auto') return null;
    try {
      return integer(min, max)(raw);
    } catch {
      throw new InvalidValue(`auto or an integer from ${min} to ${max}`);
    }
  };
const range: Parser<[number, number]> = (raw) => {
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n)) || parts[0] >= parts[1]) {
    throw new InvalidValue('"low,high" with low < high (what pixel 0 and 255 map to)');
  }
  return [parts[0], parts[1]];
};

export const MODEL_CONFIG = defineConfig({
  host: { env: 'HOST', default: '127.0.0.1', parse: text, doc: 'address to listen on; 0.0.0.0 in a container' },
  port: { env: 'PORT', default: 5001, parse: port, doc: 'HTTP port; 0 picks a free one' },
  modelDir: {
    env: 'MODEL_DIR',
    default: null,
    parse: nullableText,
    doc: 'folder with a tfjs layers or graph model.json, its shards and labels.json; default: the nsfwjs MobileNetV2',
  },
  modelName: { env: 'MODEL_NAME', default: null, parse: nullableText, doc: 'name reported in answers, spans and metadata' },
  backend: { env: 'MODEL_BACKEND', default: '', parse: text, doc: 'force tensorflow, onnxruntime, wasm or cpu; default tries them in that order' },
  fold: { env: 'MODEL_FOLD', default: true, parse: bool, doc: 'fold BatchNorm into convolutions and run fused kernels (layers models)' },
  inputRange: { env: 'MODEL_INPUT_RANGE', default: [0, 1] as [number, number], parse: range, doc: 'what pixel values 0 and 255 are scaled to' },
  workers: { env: 'MODEL_WORKERS', default: () => os.availableParallelism(), parse: integer(1, 64), doc: 'inference worker threads, one model each' },
  intraOpThreads: {
    env: 'MODEL_INTRA_OP_THREADS',
    default: 1,
    parse: integer(1, 64),
    doc: 'threads each onnxruntime worker runs one inference on; keep workers × threads ≤ cores',
  },
  workerNice: {
    env: 'MODEL_WORKER_NICE',
    default: 10,
    parse: integer(0, 19),
    doc: 'nice value of inference threads (Linux) so the HTTP thread stays responsive when they saturate the CPU',
  },
  decodeConcurrency: {
    env: 'MODEL_DECODE_CONCURRENCY',
    default: () => Math.max(1, os.availableParallelism() - 1),
    parse: integer(1, 64),
    doc: 'images decoded at once (sharp, libuv threads at normal priority)',
  },
  maxBatch: {
    env: 'MODEL_MAX_BATCH',
    default: null,
    parse: optionalInt(1, 256),
    doc: 'largest batch sent to a worker; auto: 1 on onnxruntime, 8 on tfjs backends (where batching measurably helps)',
  },
  maxWaitMs: { env: 'MODEL_MAX_WAIT_MS', default: 0, parse: integer(0, 1000), doc: 'how long a partial batch may wait for more images while a worker is idle' },
  maxQueue: {
    env: 'MODEL_MAX_QUEUE',
    default: 64,
    parse: integer(1, 100000),
    doc: 'requests admitted but not yet handed to a worker; beyond it 503 + Retry-After',
  },
  maxBytes: { env: 'MODEL_MAX_BYTES', default: 10 * 1024 * 1024, parse: integer(1), doc: 'largest image upload in bytes' },
  maxPixels: { env: 'MODEL_MAX_PIXELS', default: 40_000_000, parse: integer(1), doc: 'largest image in pixels (decompression bombs)' },
  topK: { env: 'MODEL_TOP_K', default: 3, parse: integer(1, 1000), doc: 'predictions returned when top_k is not given' },
  retryAfterSeconds: { env: 'MODEL_RETRY_AFTER_S', default: 1, parse: integer(0, 3600), doc: 'Retry-After on 503 busy' },
  shutdownTimeoutMs: { env: 'MODEL_SHUTDOWN_TIMEOUT_MS', default: 10_000, parse: integer(0), doc: 'how long SIGTERM waits for in-flight requests' },
  // Slow clients (issue 9 §5). A body is read before its image takes a queue place, so these bound
  // what a slow upload costs: a connection and at most MODEL_MAX_BYTES, for a bounded time.
  headersTimeoutMs: {
    env: 'MODEL_HEADERS_TIMEOUT_MS',
    default: 10_000,
    parse: integer(1000),
    doc: 'time to receive the request line and headers (Node headersTimeout); past it 408',
  },
  requestTimeoutMs: {
    env: 'MODEL_REQUEST_TIMEOUT_MS',
    default: 60_000,
    parse: integer(1000),
    doc: 'time to receive the whole request, body included (Node requestTimeout); past it 408',
  },
  bodyIdleTimeoutMs: {
    env: 'MODEL_BODY_IDLE_TIMEOUT_MS',
    default: 10_000,
    parse: integer(100),
    doc: 'longest pause between two body chunks (nginx client_body_timeout); past it 408',
  },
  bodyMinBytesPerSecond: {
    env: 'MODEL_BODY_MIN_RATE',
    default: 1024,
    parse: integer(0),
    doc: 'slowest average body rate in bytes/s, checked after the grace period; 0 turns it off; below it 408',
  },
  bodyRateGraceMs: {
    env: 'MODEL_BODY_RATE_GRACE_MS',
    default: 5000,
    parse: integer(0),
    doc: 'how long a body may arrive below MODEL_BODY_MIN_RATE before the rate counts',
  },
});

export type ModelConfig = ConfigOf<typeof MODEL_CONFIG.settings>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return MODEL_CONFIG.load(env, overrides);
}
