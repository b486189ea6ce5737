/** The emulator's settings: each has an env name, a default and a reason. */
import path from 'node:path';

// Compiled to dist/node/edge-emulator/, run from source by tsx in tests: both find the repo root.
const COMPILED = __dirname.includes(`${path.sep}dist${path.sep}node${path.sep}`);
const REPO_ROOT = COMPILED ? path.resolve(__dirname, '..', '..', '..') : path.resolve(__dirname, '..');
const APPS = path.join(REPO_ROOT, 'deploy', 'tyk', 'apps');

export interface EdgeConfig {
  /** `PORT`, default 8080 (Tyk's). 0 picks a free port. */
  port: number;
  /** `HOST`, default 127.0.0.1: the address to bind; compose sets 0.0.0.0 where other containers must reach it. */
  host: string;
  /** `EDGE_MAX_HEADER_BYTES`, default 16384: largest request head; more is 431 EDGE_ERR_HEADERS_TOO_LARGE. */
  maxHeaderBytes: number;
  /** `EDGE_MAX_HEADERS`, default 90: most request headers; more is 431 EDGE_ERR_TOO_MANY_HEADERS. Leaves room for the edge's own headers under the BFF's 100. */
  maxHeaders: number;
  /** `BFF_URL`, default http://localhost:3000: where every API proxies to (Tyk's target_url) and where webhooks go. */
  bffUrl: string;
  /**
   * `EDGE_API_DEFINITION`: the Tyk API definitions compose mounts (comma-separated); listen path,
   * api_id, config_data, auth, black list and webhooks come from them. Default: both shipped APIs.
   */
  apiDefinitionPaths: string[];
  /** `EDGE_BUNDLE_DIR`: where `npm run build` writes the bundle the API definition names. */
  bundleDir: string;
  /** `EDGE_TEMPLATE_DIR`: where the webhook templates are; a definition's template_path is looked up here by file name. */
  templateDir: string;
  /** `EDGE_API_KEYS`: keys the keyed APIs accept (comma-separated); any other key is refused, as Tyk refuses a key it does not know. */
  apiKeys: string[];
  /**
   * `EDGE_SHARED_SECRET`: when set, replaces `sw_edge_secret` in config_data and the webhooks'
   * `x-sw-edge-key`, so `npm start` can give the emulator and the BFF one fresh secret.
   */
  sharedSecret: string | undefined;
  /** `EDGE_JSVM_TIMEOUT_MS`, default 5000: Tyk's jsvm_timeout (5 s). */
  jsvmTimeoutMs: number;
}

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function readEdgeConfig(): EdgeConfig {
  const definitions = list(process.env.EDGE_API_DEFINITION);
  return {
    port: integer('PORT', 8080),
    host: process.env.HOST || '127.0.0.1',
    maxHeaderBytes: integer('EDGE_MAX_HEADER_BYTES', 16 * 1024),
    maxHeaders: integer('EDGE_MAX_HEADERS', 90),
    bffUrl: process.env.BFF_URL || 'http://localhost:3000',
    apiDefinitionPaths: definitions.length > 0 ? definitions : [path.join(APPS, 'inference-api.json'), path.join(APPS, 'keyed-api.json')],
    bundleDir: process.env.EDGE_BUNDLE_DIR || path.join(REPO_ROOT, 'dist', 'bundle'),
    templateDir: process.env.EDGE_TEMPLATE_DIR || path.join(REPO_ROOT, 'deploy', 'tyk', 'templates'),
    apiKeys: list(process.env.EDGE_API_KEYS),
    sharedSecret: process.env.EDGE_SHARED_SECRET || undefined,
    jsvmTimeoutMs: integer('EDGE_JSVM_TIMEOUT_MS', 5000),
  };
}
