/** The emulator's settings: each has an env name, a default and a reason. */
import path from 'node:path';

// Compiled to dist/node/edge-emulator/, run from source by tsx in tests: both find the repo root.
const COMPILED = __dirname.includes(`${path.sep}dist${path.sep}node${path.sep}`);
const REPO_ROOT = COMPILED ? path.resolve(__dirname, '..', '..', '..') : path.resolve(__dirname, '..');

export interface EdgeConfig {
  /** `PORT`, default 8080 (Tyk's). 0 picks a free port. */
  port: number;
  /** `BFF_URL`, default http://localhost:3000: where the API's listen path proxies to (Tyk's target_url). */
  bffUrl: string;
  /** `EDGE_API_DEFINITION`: the Tyk API definition compose mounts; listen path, api_id and config_data come from it. */
  apiDefinitionPath: string;
  /** `EDGE_BUNDLE_DIR`: where `npm run build` writes the bundle the API definition names. */
  bundleDir: string;
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

export function readEdgeConfig(): EdgeConfig {
  return {
    port: integer('PORT', 8080),
    bffUrl: process.env.BFF_URL || 'http://localhost:3000',
    apiDefinitionPath: process.env.EDGE_API_DEFINITION || path.join(REPO_ROOT, 'deploy', 'tyk', 'apps', 'inference-api.json'),
    bundleDir: process.env.EDGE_BUNDLE_DIR || path.join(REPO_ROOT, 'dist', 'bundle'),
    jsvmTimeoutMs: integer('EDGE_JSVM_TIMEOUT_MS', 5000),
  };
}
