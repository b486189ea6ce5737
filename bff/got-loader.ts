/**
 * got 14 is ESM-only and the BFF is CommonJS (the agent patches CommonJS modules). tsc rewrites
 * `import()` into `require()` under `module: commonjs`, and `require(esm)` needs Node >= 20.19;
 * a real dynamic import works on every Node 20. got's ESM `import http from 'node:http'` reads
 * `http.request` at call time, so the agent's patch still applies: model calls are traced.
 */
import type { Got } from 'got/dist/source/index.js';

const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: Got }>;

let loaded: Promise<Got> | undefined;

export function loadGot(): Promise<Got> {
  loaded ??= importEsm('got').then((m) => m.default);
  return loaded;
}
