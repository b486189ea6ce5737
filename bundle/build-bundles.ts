/**
 * `npm run build:edge` (second half): zips the compiled hooks into dist/bundle/<variant>-<version>.zip.
 * Signs them when `--key <private.pem>` or SW_EDGE_BUNDLE_KEY (a PEM file path) is given.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBundle } from './create-bundle';
import { BUNDLE_VARIANTS, bundleFileName } from './variants';

const REPO_ROOT = path.resolve(__dirname, '..');
const HOOKS_DIR = path.join(REPO_ROOT, 'dist', 'tyk-middleware');
const BUNDLE_DIR = path.join(REPO_ROOT, 'dist', 'bundle');

function signingKeyPath(argv: readonly string[]): string | undefined {
  const flag = argv.indexOf('--key');
  if (flag !== -1) {
    const value = argv[flag + 1];
    if (value === undefined || value.startsWith('--')) throw new Error('--key needs the path of an RSA private key (PEM)');
    return value;
  }
  return process.env.SW_EDGE_BUNDLE_KEY || undefined;
}

function main(): void {
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const keyPath = signingKeyPath(process.argv.slice(2));
  const privateKeyPem = keyPath === undefined ? undefined : readFileSync(keyPath, 'utf8');
  mkdirSync(BUNDLE_DIR, { recursive: true });
  for (const variant of BUNDLE_VARIANTS) {
    const archive = createBundle(variant.hooks, (fileName) => readFileSync(path.join(HOOKS_DIR, fileName)), privateKeyPem);
    const target = path.join(BUNDLE_DIR, bundleFileName(variant, version));
    writeFileSync(target, archive);
    console.log(`built ${path.relative(REPO_ROOT, target)} (${archive.length} bytes, ${privateKeyPem ? 'signed' : 'unsigned'})`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
