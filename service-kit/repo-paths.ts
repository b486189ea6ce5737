/**
 * The repository's root, from any module: compiled (dist/node/<part>/…), run from source by tsx, or
 * installed in an image (/app). Walks up to the package.json of this project, so a module's depth
 * in the tree does not matter.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'sw-edge-trace';

export function findRepoRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
