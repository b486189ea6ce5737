/**
 * `npm run bundle:verify [-- <bundle.zip>… ] [--public-key <public.pem>]`
 * Checks each named bundle, or with none named every bundle `npm run build` wrote to dist/bundle/.
 * Exit 0 when the gateway would accept them all, 1 with the reasons when it would not, 2 on usage errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_DIR } from './build-bundles';
import { verifyBundle } from './verify';

const USAGE = 'usage: npm run bundle:verify [-- <bundle.zip>…] [--public-key <public.pem>]';

/** 0 accepted, 1 rejected, 2 unreadable. */
function verifyOne(archivePath: string, publicKeyPem: string | undefined): number {
  let archive: Buffer;
  try {
    archive = readFileSync(archivePath);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const report = verifyBundle(archive, publicKeyPem);
  for (const note of report.notes) console.log(`note: ${note}`);
  for (const problem of report.problems) console.log(`problem: ${problem}`);
  if (report.problems.length > 0) {
    console.log(`${archivePath}: REJECTED (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})`);
    return 1;
  }
  const hooks = report.manifest ? [...report.manifest.custom_middleware.pre, ...report.manifest.custom_middleware.post].map((hook) => hook.name) : [];
  console.log(`${archivePath}: OK (driver ${report.manifest?.custom_middleware.driver}, hooks ${hooks.join(', ')}, checksum ${report.manifest?.checksum})`);
  return 0;
}

function builtBundles(): string[] {
  try {
    return readdirSync(BUNDLE_DIR)
      .filter((name) => name.endsWith('.zip'))
      .sort()
      .map((name) => path.relative(process.cwd(), path.join(BUNDLE_DIR, name)));
  } catch {
    return [];
  }
}

function main(argv: readonly string[]): number {
  const keyFlag = argv.indexOf('--public-key');
  const keyPath = keyFlag === -1 ? undefined : argv[keyFlag + 1];
  if (keyFlag !== -1 && (keyPath === undefined || keyPath.startsWith('--'))) {
    console.error(USAGE);
    return 2;
  }
  const named = argv.filter((arg, index) => !arg.startsWith('--') && (keyFlag === -1 || index !== keyFlag + 1));
  const archives = named.length > 0 ? named : builtBundles();
  if (archives.length === 0) {
    console.error(`no bundle named and none in ${path.relative(process.cwd(), BUNDLE_DIR) || BUNDLE_DIR} (run \`npm run build\`)\n${USAGE}`);
    return 2;
  }
  let publicKeyPem: string | undefined;
  try {
    publicKeyPem = keyPath === undefined ? undefined : readFileSync(keyPath, 'utf8');
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  return Math.max(...archives.map((archive) => verifyOne(archive, publicKeyPem)));
}

process.exitCode = main(process.argv.slice(2));
