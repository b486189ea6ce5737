/**
 * Finds the hooks the way Tyk does: open the bundle the API definition names, read its manifest,
 * and take each pre/post hook's global name and file. The bundle is checked like the gateway checks
 * it (bundle/verify.ts), so a broken bundle fails here as it would in Tyk.
 */
import { readFileSync } from 'node:fs';
import { verifyBundle } from '../bundle/verify';
import { readZip } from '../bundle/zip';

export interface LoadedHook {
  name: string;
  fileName: string;
  source: string;
}

export interface BundleHooks {
  driver: string;
  /** Every file of file_list in order: Tyk loads them all into the API's VM. */
  files: { fileName: string; source: string }[];
  pre: LoadedHook[];
  post: LoadedHook[];
}

export function loadBundleHooks(bundlePath: string): BundleHooks {
  let archive: Buffer;
  try {
    archive = readFileSync(bundlePath);
  } catch (error) {
    throw new Error(`cannot read the bundle ${bundlePath} (run \`npm run build\`): ${error instanceof Error ? error.message : String(error)}`);
  }
  const report = verifyBundle(archive);
  if (report.problems.length > 0 || !report.manifest) throw new Error(`Tyk would refuse the bundle ${bundlePath}: ${report.problems.join('; ')}`);
  const manifest = report.manifest;
  const entries = readZip(archive);
  const text = (fileName: string) => Buffer.from(entries[fileName]).toString('utf8');
  const hook = (entry: { name: string; path: string }): LoadedHook => ({ name: entry.name, fileName: entry.path, source: text(entry.path) });
  return {
    driver: manifest.custom_middleware.driver,
    files: manifest.file_list.map((fileName) => ({ fileName, source: text(fileName) })),
    pre: manifest.custom_middleware.pre.map(hook),
    post: manifest.custom_middleware.post.map(hook),
  };
}
