/**
 * Each shipped bundle, unzipped, loads in the engine its manifest's driver names, the way that driver
 * loads it: otto runs every file into one VM; goja wraps each hook file and exports only the manifest's
 * names (testkit/jsvm). A bundle whose hooks the gateway could not call fails here, not in production.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BUNDLE_DIR, packageVersion } from '../../bundle/build-bundles';
import type { BundleManifest } from '../../bundle/manifest';
import { BUNDLE_VARIANTS, bundleFileName } from '../../bundle/variants';
import { readZip } from '../../bundle/zip';
import { ENGINES, lintFiles } from '../../testkit/jsvm/harness-client';

for (const variant of BUNDLE_VARIANTS) {
  const fileName = bundleFileName(variant, packageVersion());
  test(`${fileName}: its files load in the engine of driver ${variant.driver} (goja: each hook exported with a DoProcessRequest)`, async () => {
    const files = readZip(readFileSync(path.join(BUNDLE_DIR, fileName)));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8')) as BundleManifest;
    const engine = ENGINES.find((candidate) => candidate.driver === manifest.custom_middleware.driver);
    assert.ok(engine, `no harness for driver ${manifest.custom_middleware.driver}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-edge-bundle-'));
    const hooks = [...manifest.custom_middleware.pre, ...manifest.custom_middleware.post];
    const loaded = manifest.file_list.map((name) => {
      writeFileSync(path.join(dir, name), files[name]);
      return { path: path.join(dir, name), hooks: hooks.filter((hook) => hook.path === name).map((hook) => hook.name) };
    });
    const result = await lintFiles(loaded, { engine: engine.name });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`^${engine.name}-lint OK: ${loaded.length} file`));
  });
}
