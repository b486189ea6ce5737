/**
 * `npm run build:edge` (second half): zips the compiled hooks into dist/bundle/<variant>-<version>.zip.
 * Signs them when `--key <private.pem>` or SW_EDGE_BUNDLE_KEY (a PEM file path) is given.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBundle } from './create-bundle';
import { REPO_ROOT } from '../service-kit/repo-paths';
import { BUNDLE_VARIANTS, bundleFileName } from './variants';

export const HOOKS_DIR = path.join(REPO_ROOT, 'dist', 'tyk-middleware');
export const BUNDLE_DIR = path.join(REPO_ROOT, 'dist', 'bundle');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every bundle variant of the hooks in `hooksDir`, in memory. */
export function buildBundles(hooksDir: string, version: string, privateKeyPem?: string): { fileName: string; driver: string; bytes: Uint8Array }[] {
  return BUNDLE_VARIANTS.map((variant) => ({
    fileName: bundleFileName(variant, version),
    driver: variant.driver,
    bytes: createBundle(variant.hooks, (fileName) => readFileSync(path.join(hooksDir, fileName)), privateKeyPem, variant.driver),
  }));
}

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
  const keyPath = signingKeyPath(process.argv.slice(2));
  const privateKeyPem = keyPath === undefined ? undefined : readFileSync(keyPath, 'utf8');
  mkdirSync(BUNDLE_DIR, { recursive: true });
  for (const bundle of buildBundles(HOOKS_DIR, packageVersion(), privateKeyPem)) {
    const target = path.join(BUNDLE_DIR, bundle.fileName);
    writeFileSync(target, bundle.bytes);
    console.log(`built ${path.relative(REPO_ROOT, target)} (${bundle.bytes.length} bytes, driver ${bundle.driver}, ${privateKeyPem ? 'signed' : 'unsigned'})`);
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
