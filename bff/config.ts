/** Every setting of the BFF; `BFF_CONFIG.load(env, overrides)` lets tests boot a server without touching env. */
import { baseUrl, bool, type ConfigOf, defineConfig, integer, optionalText, port, text } from '../service-kit/config';

export const BFF_CONFIG = defineConfig({
  port: { env: 'PORT', default: 3000, doc: 'Port to listen on; 0 picks a free one (the bound address is logged).', parse: port },
  host: { env: 'HOST', default: '127.0.0.1', doc: 'Address to bind; `0.0.0.0` to be reachable from other hosts (compose sets it).', parse: text },
  modelUrl: {
    env: 'MODEL_URL',
    default: 'http://localhost:5001',
    doc: 'Base URL of the model server; the BFF posts to it at `/predict`.',
    parse: baseUrl,
  },
  modelTimeoutMs: {
    env: 'MODEL_TIMEOUT_MS',
    default: 10_000,
    doc: 'How long to wait for the model to answer once the image is sent; then 504 BFF_ERR_MODEL_TIMEOUT.',
    parse: integer(1),
  },
  maxUploadBytes: {
    env: 'BFF_MAX_UPLOAD_BYTES',
    default: 10 * 1024 * 1024,
    doc: 'Largest accepted image; more is 413 BFF_ERR_TOO_LARGE at once.',
    parse: integer(1),
  },
  oapHttpUrl: {
    env: 'SW_OAP_HTTP_URL',
    default: 'http://127.0.0.1:12800',
    doc: "OAP's HTTP API: edge segments go to /v3/segments, shipped logs to /v3/logs.",
    parse: baseUrl,
  },
  edgeSharedSecret: {
    env: 'EDGE_SHARED_SECRET',
    default: undefined as string | undefined,
    doc: "When set, edge headers count only with a matching `x-sw-edge-key` (the API's `sw_edge_secret`), and POST /_edge/rejected takes webhooks carrying it; unset, that endpoint refuses everything.",
    parse: optionalText,
  },
  edgeReportIntervalMs: { env: 'EDGE_REPORT_INTERVAL_MS', default: 1000, doc: 'How often queued edge segments are sent.', parse: integer(10) },
  edgeQueueSeconds: {
    env: 'EDGE_QUEUE_SECONDS',
    default: 600,
    doc: 'While OAP is slow or down, edge segments (and shipped logs) of the last this many seconds are kept, whatever the request rate; older ones are dropped (and counted).',
    parse: integer(1),
  },
  edgeQueueMaxBytes: {
    env: 'EDGE_QUEUE_MAX_BYTES',
    default: 64 * 1024 * 1024,
    doc: 'Memory bound of that queue (encoded JSON); past it the oldest are dropped (and counted) even inside the time window.',
    parse: integer(1024),
  },
  edgeBatchMax: { env: 'EDGE_BATCH_MAX', default: 100, doc: 'Edge segments per POST /v3/segments.', parse: integer(1) },
  edgeRejectedMaxBytes: {
    env: 'EDGE_REJECTED_MAX_BYTES',
    default: 1024 * 1024,
    doc: "Largest webhook body `POST /_edge/rejected` reads (Tyk puts a rejected upload's bytes in it); more is 413, no segment.",
    parse: integer(1024),
  },
  edgeClockWindowMs: {
    env: 'EDGE_CLOCK_WINDOW_MS',
    default: 5_000,
    doc: "Edge times are believed only this close to the BFF's clock: a request's x-sw-edge-start and x-sw-edge-post against its arrival, a rejected request's event time against now and its pre-hook start against the event. Outside it: no edge segment, a warning, a count (reason implausibleTime).",
    parse: integer(100),
  },
  shipLogs: { env: 'BFF_SHIP_LOGS', default: false, doc: 'Also send log lines to OAP (`POST /v3/logs`) with their trace context.', parse: bool },
  logLevel: { env: 'LOG_LEVEL', default: 'info', doc: 'pino level.', parse: text },
  serviceName: { env: 'SW_AGENT_NAME', default: 'bff', doc: 'SkyWalking service name of the BFF (agent and shipped logs).', parse: text },
  serviceInstance: { env: 'SW_AGENT_INSTANCE', default: '', doc: 'SkyWalking instance name; empty = the host name (as the agent does).', parse: text },
  maxHeaderBytes: {
    env: 'BFF_MAX_HEADER_BYTES',
    default: 20 * 1024,
    doc: "Largest request head (request line and headers); more is 431 BFF_ERR_HEADERS_TOO_LARGE. Above the edge emulator's 16 KiB, so what the edge passes plus its own headers fits.",
    parse: integer(1024),
  },
  maxHeaders: { env: 'BFF_MAX_HEADERS', default: 100, doc: "Most request headers (Envoy's default); more is 431 BFF_ERR_TOO_MANY_HEADERS.", parse: integer(1) },
  headersTimeoutMs: {
    env: 'BFF_HEADERS_TIMEOUT_MS',
    default: 30_000,
    doc: 'How long a client may take to send the request head; then 408 BFF_ERR_HEADERS_TIMEOUT and the connection closes (checked every second).',
    parse: integer(1000),
  },
  shutdownTimeoutMs: {
    env: 'BFF_SHUTDOWN_TIMEOUT_MS',
    default: 10_000,
    doc: 'On SIGTERM, how long in-flight requests may take before the process exits anyway.',
    parse: integer(0),
  },
});

export type BffConfig = ConfigOf<typeof BFF_CONFIG.settings>;
