/**
 * `npm run bundle:verify -- <bundle.zip> [--public-key <public.pem>]`
 * Exit 0 when the gateway would accept the bundle, 1 with the reasons when it would not, 2 on usage errors.
 */
import { readFileSync } from 'node:fs';
import { verifyBundle } from './verify';

function main(argv: readonly string[]): number {
  const keyFlag = argv.indexOf('--public-key');
  const keyPath = keyFlag === -1 ? undefined : argv[keyFlag + 1];
  const archivePath = argv.find((arg, index) => !arg.startsWith('--') && (keyFlag === -1 || index !== keyFlag + 1));
  if (archivePath === undefined || (keyFlag !== -1 && keyPath === undefined)) {
    console.error('usage: npm run bundle:verify -- <bundle.zip> [--public-key <public.pem>]');
    return 2;
  }
  let archive: Buffer;
  let publicKeyPem: string | undefined;
  try {
    archive = readFileSync(archivePath);
    publicKeyPem = keyPath === undefined ? undefined : readFileSync(keyPath, 'utf8');
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

process.exitCode = main(process.argv.slice(2));
