/** One Tyk plugin bundle: the hook files, then manifest.json last, as `tyk bundle build` writes it. */
import { bundleChecksum, signBundle, signedBytes } from './digest';
import { createManifest, type HookFile, type JsDriver } from './manifest';
import { manifestProblems } from './manifest-rules';
import { writeZip } from './zip';

export function createBundle(
  hooks: readonly HookFile[],
  readHook: (fileName: string) => Uint8Array,
  privateKeyPem?: string,
  driver: JsDriver = 'otto',
): Uint8Array {
  const files = hooks.map((hook) => ({ name: hook.fileName, bytes: readHook(hook.fileName) }));
  const bytesOf = (name: string): Uint8Array => {
    const file = files.find((candidate) => candidate.name === name);
    if (!file) throw new Error(`no file ${name}`);
    return file.bytes;
  };
  const signed = signedBytes(
    files.map((file) => file.name),
    bytesOf,
  );
  const signature = privateKeyPem === undefined ? '' : signBundle(signed, privateKeyPem);
  const manifest = createManifest(hooks, bundleChecksum(signed), signature, driver);
  const problems = manifestProblems(manifest, (name) => files.some((file) => file.name === name));
  if (problems.length > 0) throw new Error(`Tyk would refuse this bundle: ${problems.join('; ')}`);
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  return writeZip([...files, { name: 'manifest.json', bytes: manifestBytes }]);
}
