import assert from 'node:assert/strict';
import { createHash, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BUNDLE_DIR, buildBundles, HOOKS_DIR, packageVersion } from '../../bundle/build-bundles';
import { createBundle } from '../../bundle/create-bundle';
import type { BundleManifest } from '../../bundle/manifest';
import { readZip, zipEntryNames } from '../../bundle/zip';
import { HOOK_BYTES, HOOKS, readHook, rsaKeyPair } from './bundle-fixtures';

const manifestOf = (archive: Uint8Array): BundleManifest => JSON.parse(Buffer.from(readZip(archive)['manifest.json']).toString('utf8'));
const concatenated = Buffer.concat([HOOK_BYTES['sw-edge-pre.js'], HOOK_BYTES['sw-edge-post.js']]);

describe('bundle zip', () => {
  test('holds the listed files, then manifest.json last', () => {
    const archive = createBundle(HOOKS, readHook);
    assert.deepEqual(zipEntryNames(archive), ['sw-edge-pre.js', 'sw-edge-post.js', 'manifest.json']);
    const files = readZip(archive);
    assert.deepEqual(Buffer.from(files['sw-edge-pre.js']), HOOK_BYTES['sw-edge-pre.js']);
  });

  test('manifest: file_list, otto driver, pre and post hooks by global name', () => {
    const manifest = manifestOf(createBundle(HOOKS, readHook));
    assert.deepEqual(manifest.file_list, ['sw-edge-pre.js', 'sw-edge-post.js']);
    assert.equal(manifest.custom_middleware.driver, 'otto');
    assert.deepEqual(manifest.custom_middleware.pre, [{ name: 'swEdgePre', path: 'sw-edge-pre.js', require_session: false, raw_body_only: false }]);
    assert.deepEqual(manifest.custom_middleware.post, [{ name: 'swEdgePost', path: 'sw-edge-post.js', require_session: false, raw_body_only: false }]);
    assert.equal(manifest.signature, '');
  });

  test('checksum is the MD5 hex of the listed files concatenated in list order', () => {
    const manifest = manifestOf(createBundle(HOOKS, readHook));
    assert.equal(manifest.checksum, createHash('md5').update(concatenated).digest('hex'));
  });

  test('signature is RSA-SHA256 PKCS#1 v1.5 over the same bytes, checkable with the public key', () => {
    const keys = rsaKeyPair();
    const manifest = manifestOf(createBundle(HOOKS, readHook, keys.privateKey));
    const verifier = createVerify('RSA-SHA256');
    verifier.update(concatenated);
    assert.equal(verifier.verify(keys.publicKey, manifest.signature, 'base64'), true);
    const other = createVerify('RSA-SHA256');
    other.update(Buffer.concat([concatenated, Buffer.from(' ')]));
    assert.equal(other.verify(keys.publicKey, manifest.signature, 'base64'), false);
  });

  test('refuses a non-RSA signing key (Tyk verifies RSA only)', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    assert.throws(() => createBundle(HOOKS, readHook, ec.privateKey), /RSA only/);
  });

  test('the same inputs give byte-identical archives, for each driver', () => {
    for (const driver of ['otto', 'javascript'] as const) {
      assert.deepEqual(Buffer.from(createBundle(HOOKS, readHook, undefined, driver)), Buffer.from(createBundle(HOOKS, readHook, undefined, driver)));
    }
    assert.notDeepEqual(Buffer.from(createBundle(HOOKS, readHook, undefined, 'javascript')), Buffer.from(createBundle(HOOKS, readHook)));
  });
});

describe('the shipped bundles (npm run build:edge)', () => {
  const shipped = (name: string) => readFileSync(path.join(BUNDLE_DIR, name));

  test('a rebuild from the same compiled hooks is byte-identical to the files on disk, twice', () => {
    const first = buildBundles(HOOKS_DIR, packageVersion());
    const second = buildBundles(HOOKS_DIR, packageVersion());
    assert.deepEqual(
      first.map((b) => b.fileName),
      [`sw-edge-${packageVersion()}.zip`, `sw-edge-goja-${packageVersion()}.zip`, `sw-edge-pre-only-${packageVersion()}.zip`],
    );
    for (const [i, bundle] of first.entries()) {
      assert.deepEqual(Buffer.from(bundle.bytes), Buffer.from(second[i].bytes));
      assert.deepEqual(Buffer.from(bundle.bytes), shipped(bundle.fileName), `${bundle.fileName} on disk differs from a rebuild`);
    }
  });

  for (const name of ['sw-edge', 'sw-edge-goja']) {
    test(`${name} carries the compiled hooks unchanged`, () => {
      const files = readZip(shipped(`${name}-${packageVersion()}.zip`));
      assert.deepEqual(Buffer.from(files['sw-edge-pre.js']), readFileSync(path.join(HOOKS_DIR, 'sw-edge-pre.js')));
      assert.deepEqual(Buffer.from(files['sw-edge-post.js']), readFileSync(path.join(HOOKS_DIR, 'sw-edge-post.js')));
    });
  }

  test('the goja bundle is the full one with driver "javascript": same files, same hooks, same checksum', () => {
    const otto = manifestOf(shipped(`sw-edge-${packageVersion()}.zip`));
    const goja = manifestOf(shipped(`sw-edge-goja-${packageVersion()}.zip`));
    assert.equal(otto.custom_middleware.driver, 'otto');
    assert.equal(goja.custom_middleware.driver, 'javascript');
    assert.deepEqual({ ...goja, custom_middleware: { ...goja.custom_middleware, driver: 'otto' } }, otto);
  });

  test('the pre-only variant lists only the pre hook', () => {
    const manifest = manifestOf(shipped(`sw-edge-pre-only-${packageVersion()}.zip`));
    assert.deepEqual(manifest.file_list, ['sw-edge-pre.js']);
    assert.deepEqual(manifest.custom_middleware.post, []);
    assert.equal(manifest.custom_middleware.pre[0].name, 'swEdgePre');
    assert.equal(manifest.custom_middleware.driver, 'otto');
  });
});
