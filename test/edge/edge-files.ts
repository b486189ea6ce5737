import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The compiled hooks exactly as the bundle ships them (built by `npm run build:edge`, which `npm test` runs first). */
export const PRE_FILE = path.join(root, 'dist', 'tyk-middleware', 'sw-edge-pre.js');
export const POST_FILE = path.join(root, 'dist', 'tyk-middleware', 'sw-edge-post.js');

/** Each file with the handler name the bundle manifest gives it (goja exports only that name). */
export function builtHookFiles(): { path: string; hooks: string[] }[] {
  for (const file of [PRE_FILE, POST_FILE]) {
    if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run build:edge\` first`);
  }
  return [
    { path: PRE_FILE, hooks: ['swEdgePre'] },
    { path: POST_FILE, hooks: ['swEdgePost'] },
  ];
}
