/**
 * Checks a bundle zip the way the gateway does before loading it (gateway/coprocess_bundle.go):
 * the manifest parses, the listed files are there, the MD5 checksum matches and, when a public key is
 * given (the gateway's `public_key_path`), the signature is present and valid. Says exactly what is wrong.
 */
import { bundleChecksum, signatureMatches, signedBytes } from './digest';
import type { BundleManifest } from './manifest';
import { manifestProblems } from './manifest-rules';
import { readZip, zipEntryNames } from './zip';

export interface VerifyReport {
  problems: string[];
  notes: string[];
  manifest?: BundleManifest;
}

export function verifyBundle(archive: Uint8Array, publicKeyPem?: string): VerifyReport {
  const problems: string[] = [];
  const notes: string[] = [];
  let files: { [name: string]: Uint8Array };
  try {
    files = readZip(archive);
  } catch (error) {
    return { problems: [`not a readable zip archive: ${error instanceof Error ? error.message : String(error)}`], notes };
  }
  const names = zipEntryNames(archive);
  if (!files['manifest.json']) return { problems: [`no manifest.json in the archive (it holds: ${names.join(', ') || 'nothing'})`], notes };
  if (names[names.length - 1] !== 'manifest.json') notes.push('manifest.json is not the last entry (tyk bundle build writes it last)');

  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8')) as BundleManifest;
  } catch (error) {
    return { problems: [`manifest.json is not valid JSON: ${error instanceof Error ? error.message : String(error)}`], notes };
  }
  if (!manifest || typeof manifest !== 'object') return { problems: ['manifest.json is not a JSON object'], notes };
  const has = (name: string): boolean => Object.hasOwn(files, name);
  problems.push(...manifestProblems(manifest, has));
  if (problems.length > 0) return { problems, notes, manifest };

  const bytes = signedBytes(manifest.file_list, (name) => files[name]);
  const actual = bundleChecksum(bytes);
  if (manifest.checksum !== actual) problems.push(`checksum mismatch: the manifest says "${String(manifest.checksum)}", the files hash to "${actual}"`);

  const signature = typeof manifest.signature === 'string' ? manifest.signature : '';
  if (publicKeyPem !== undefined) {
    if (signature === '') problems.push('the bundle is not signed, and a gateway with public_key_path rejects unsigned bundles');
    else {
      let valid = false;
      try {
        valid = signatureMatches(bytes, signature, publicKeyPem);
      } catch (error) {
        problems.push(`the signature could not be checked: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!valid && problems.length === 0)
        problems.push('the signature does not match the files with this public key (wrong key, or the files changed after signing)');
    }
  } else if (signature !== '') notes.push('the bundle is signed; pass a public key to check the signature');
  else notes.push('the bundle is unsigned (fine unless the gateway sets public_key_path)');
  return { problems, notes, manifest };
}
