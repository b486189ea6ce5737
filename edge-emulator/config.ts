/** The emulator's settings: each has an env name, a default and a reason. */
import path from 'node:path';
import { REPO_ROOT } from '../service-kit/repo-paths';
import { baseUrl, type ConfigOf, defineConfig, integer, list, optionalText, port, text } from '../service-kit/config';

const APPS = path.join(REPO_ROOT, 'deploy', 'tyk', 'apps');

export const EDGE_CONFIG = defineConfig({
  port: { env: 'PORT', default: 8080, parse: port, doc: "port to listen on (Tyk's); 0 picks a free one" },
  host: { env: 'HOST', default: '127.0.0.1', parse: text, doc: 'address to bind; compose sets 0.0.0.0 where other containers must reach it' },
  maxHeaderBytes: {
    env: 'EDGE_MAX_HEADER_BYTES',
    default: 16 * 1024,
    parse: integer(1024),
    doc: 'largest request head; more is 431 EDGE_ERR_HEADERS_TOO_LARGE',
  },
  maxHeaders: {
    env: 'EDGE_MAX_HEADERS',
    default: 90,
    parse: integer(1),
    doc: "most request headers; more is 431 EDGE_ERR_TOO_MANY_HEADERS. Leaves room for the edge's own headers under the BFF's 100",
  },
  bffUrl: { env: 'BFF_URL', default: 'http://localhost:3000', parse: baseUrl, doc: "where every API proxies to (Tyk's target_url) and where webhooks go" },
  apiDefinitionPaths: {
    env: 'EDGE_API_DEFINITION',
    default: () => [path.join(APPS, 'inference-api.json'), path.join(APPS, 'keyed-api.json')],
    parse: list,
    doc: 'the Tyk API definitions compose mounts (comma-separated): listen path, api_id, config_data, auth, black list and webhooks come from them',
  },
  bundleDir: {
    env: 'EDGE_BUNDLE_DIR',
    default: () => path.join(REPO_ROOT, 'dist', 'bundle'),
    parse: text,
    doc: 'where `npm run build` writes the bundle the API definition names',
  },
  templateDir: {
    env: 'EDGE_TEMPLATE_DIR',
    default: () => path.join(REPO_ROOT, 'deploy', 'tyk', 'templates'),
    parse: text,
    doc: "where the webhook templates are; a definition's template_path is looked up here by file name",
  },
  apiKeys: {
    env: 'EDGE_API_KEYS',
    default: [] as string[],
    parse: list,
    doc: 'keys the keyed APIs accept (comma-separated); any other key is refused, as Tyk refuses a key it does not know',
  },
  sharedSecret: {
    env: 'EDGE_SHARED_SECRET',
    default: undefined as string | undefined,
    parse: optionalText,
    doc: "when set, replaces sw_edge_secret in config_data and the webhooks' x-sw-edge-key, so `npm start` can give the emulator and the BFF one fresh secret",
  },
  jsvmTimeoutMs: {
    env: 'EDGE_JSVM_TIMEOUT_MS',
    default: 5000,
    parse: integer(1),
    doc: "how long one JSVM hook may run (Tyk's jsvm_timeout, 5 s); then 500 EDGE_ERR_MIDDLEWARE",
  },
});

export type EdgeConfig = ConfigOf<typeof EDGE_CONFIG.settings>;
