// Every setting of the model server: env name, default, and what it does. Read once at start.
import os from 'node:os';

export interface ModelConfig {
  host: string;
  port: number;
  modelDir: string | null;
  modelName: string | null;
  backend: string;
  fold: boolean;
  inputRange: [number, number];
  workers: number;
  intraOpThreads: number;
  workerNice: number;
  decodeConcurrency: number;
  /** null: the backend's default (model/pool/batch-size.ts) */
  maxBatch: number | null;
  maxWaitMs: number;
  maxQueue: number;
  maxBytes: number;
  maxPixels: number;
  topK: number;
  retryAfterSeconds: number;
  shutdownTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  bodyIdleTimeoutMs: number;
  bodyMinBytesPerSecond: number;
  bodyRateGraceMs: number;
}

type Parser<T> = (raw: string, env: string) => T;

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (raw, env) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${env} must be an integer in [${min}, ${max}]; got ${JSON.stringify(raw)}`);
    return n;
  };
const text: Parser<string> = (raw) => raw;
const bool: Parser<boolean> = (raw, env) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`${env} must be true or false; got ${JSON.stringify(raw)}`);
};
const optionalInt =
  (min: number, max: number): Parser<number | null> =>
  (raw, env) =>
    raw === 'auto' ? null : int(min, max)(raw, env);
const range: Parser<[number, number]> = (raw, env) => {
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n)) || parts[0] >= parts[1]) {
    throw new Error(`${env} must be "low,high" (what pixel 0 and 255 map to); got ${JSON.stringify(raw)}`);
  }
  return [parts[0], parts[1]];
};

interface Setting<K extends keyof ModelConfig> {
  key: K;
  env: string;
  default: () => ModelConfig[K];
  parse: Parser<ModelConfig[K]>;
  doc: string;
}

function setting<K extends keyof ModelConfig>(s: Setting<K>): Setting<K> {
  return s;
}

export const SETTINGS = [
  setting({ key: 'host', env: 'HOST', default: () => '127.0.0.1', parse: text, doc: 'address to listen on; 0.0.0.0 in a container' }),
  setting({ key: 'port', env: 'PORT', default: () => 5001, parse: int(0, 65535), doc: 'HTTP port; 0 picks a free one' }),
  setting({
    key: 'modelDir',
    env: 'MODEL_DIR',
    default: () => null,
    parse: text,
    doc: 'folder with a tfjs layers or graph model.json, its shards and labels.json; default: the nsfwjs MobileNetV2',
  }),
  setting({ key: 'modelName', env: 'MODEL_NAME', default: () => null, parse: text, doc: 'name reported in answers, spans and metadata' }),
  setting({
    key: 'backend',
    env: 'MODEL_BACKEND',
    default: () => '',
    parse: text,
    doc: 'force tensorflow, onnxruntime, wasm or cpu; default tries them in that order',
  }),
  setting({ key: 'fold', env: 'MODEL_FOLD', default: () => true, parse: bool, doc: 'fold BatchNorm into convolutions and run fused kernels (layers models)' }),
  setting({
    key: 'inputRange',
    env: 'MODEL_INPUT_RANGE',
    default: () => [0, 1] as [number, number],
    parse: range,
    doc: 'what pixel values 0 and 255 are scaled to',
  }),
  setting({
    key: 'workers',
    env: 'MODEL_WORKERS',
    default: () => os.availableParallelism(),
    parse: int(1, 64),
    doc: 'inference worker threads, one model each',
  }),
  setting({
    key: 'intraOpThreads',
    env: 'MODEL_INTRA_OP_THREADS',
    default: () => 1,
    parse: int(1, 64),
    doc: 'threads each onnxruntime worker runs one inference on; keep workers × threads ≤ cores',
  }),
  setting({
    key: 'workerNice',
    env: 'MODEL_WORKER_NICE',
    default: () => 10,
    parse: int(0, 19),
    doc: 'nice value of inference threads (Linux) so the HTTP thread stays responsive when they saturate the CPU',
  }),
  setting({
    key: 'decodeConcurrency',
    env: 'MODEL_DECODE_CONCURRENCY',
    default: () => Math.max(1, os.availableParallelism() - 1),
    parse: int(1, 64),
    doc: 'images decoded at once (sharp, libuv threads at normal priority)',
  }),
  setting({
    key: 'maxBatch',
    env: 'MODEL_MAX_BATCH',
    default: () => null,
    parse: optionalInt(1, 256),
    doc: 'largest batch sent to a worker; auto: 1 on onnxruntime, 8 on tfjs backends (where batching measurably helps)',
  }),
  setting({
    key: 'maxWaitMs',
    env: 'MODEL_MAX_WAIT_MS',
    default: () => 0,
    parse: int(0, 1000),
    doc: 'how long a partial batch may wait for more images while a worker is idle',
  }),
  setting({
    key: 'maxQueue',
    env: 'MODEL_MAX_QUEUE',
    default: () => 64,
    parse: int(1, 100000),
    doc: 'requests admitted but not yet handed to a worker; beyond it 503 + Retry-After',
  }),
  setting({ key: 'maxBytes', env: 'MODEL_MAX_BYTES', default: () => 10 * 1024 * 1024, parse: int(1), doc: 'largest image upload in bytes' }),
  setting({ key: 'maxPixels', env: 'MODEL_MAX_PIXELS', default: () => 40_000_000, parse: int(1), doc: 'largest image in pixels (decompression bombs)' }),
  setting({ key: 'topK', env: 'MODEL_TOP_K', default: () => 3, parse: int(1, 1000), doc: 'predictions returned when top_k is not given' }),
  setting({ key: 'retryAfterSeconds', env: 'MODEL_RETRY_AFTER_S', default: () => 1, parse: int(0, 3600), doc: 'Retry-After on 503 busy' }),
  setting({
    key: 'shutdownTimeoutMs',
    env: 'MODEL_SHUTDOWN_TIMEOUT_MS',
    default: () => 10_000,
    parse: int(0),
    doc: 'how long SIGTERM waits for in-flight requests',
  }),
  // Slow clients (issue 9 §5). A body is read before its image takes a queue place, so these bound
  // what a slow upload costs: a connection and at most MODEL_MAX_BYTES, for a bounded time.
  setting({
    key: 'headersTimeoutMs',
    env: 'MODEL_HEADERS_TIMEOUT_MS',
    default: () => 10_000,
    parse: int(1000),
    doc: 'time to receive the request line and headers (Node headersTimeout); past it 408',
  }),
  setting({
    key: 'requestTimeoutMs',
    env: 'MODEL_REQUEST_TIMEOUT_MS',
    default: () => 60_000,
    parse: int(1000),
    doc: 'time to receive the whole request, body included (Node requestTimeout); past it 408',
  }),
  setting({
    key: 'bodyIdleTimeoutMs',
    env: 'MODEL_BODY_IDLE_TIMEOUT_MS',
    default: () => 10_000,
    parse: int(100),
    doc: 'longest pause between two body chunks (nginx client_body_timeout); past it 408',
  }),
  setting({
    key: 'bodyMinBytesPerSecond',
    env: 'MODEL_BODY_MIN_RATE',
    default: () => 1024,
    parse: int(0),
    doc: 'slowest average body rate in bytes/s, checked after the grace period; 0 turns it off; below it 408',
  }),
  setting({
    key: 'bodyRateGraceMs',
    env: 'MODEL_BODY_RATE_GRACE_MS',
    default: () => 5000,
    parse: int(0),
    doc: 'how long a body may arrive below MODEL_BODY_MIN_RATE before the rate counts',
  }),
] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ModelConfig> = {}): ModelConfig {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const raw = env[s.env];
    out[s.key] = raw === undefined || raw === '' ? s.default() : s.parse(raw, s.env);
  }
  return { ...(out as unknown as ModelConfig), ...overrides };
}
