import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createBundle } from '../../bundle/create-bundle';
import { verifyBundle } from '../../bundle/verify';
import { readZip, writeZip } from '../../bundle/zip';
import { HOOKS, readHook, rsaKeyPair } from './bundle-fixtures';

const keys = rsaKeyPair();
const otherKeys = rsaKeyPair();

/** Rebuilds an archive with one entry replaced or removed, keeping the order. */
function tamper(archive: Uint8Array, name: string, bytes: Uint8Array | null): Uint8Array {
  const files = readZip(archive);
  const entries = Object.keys(files)
    .filter((entry) => bytes !== null || entry !== name)
    .map((entry) => ({ name: entry, bytes: entry === name && bytes !== null ? bytes : files[entry] }));
  return writeZip(entries);
}

function editManifest(archive: Uint8Array, edit: (manifest: any) => void): Uint8Array {
  const manifest = JSON.parse(Buffer.from(readZip(archive)['manifest.json']).toString('utf8'));
  edit(manifest);
  return tamper(archive, 'manifest.json', Buffer.from(JSON.stringify(manifest)));
}

describe('bundle verify: accepts what the gateway accepts', () => {
  test('an unsigned bundle without a public key', () => {
    const report = verifyBundle(createBundle(HOOKS, readHook));
    assert.deepEqual(report.problems, []);
  });

  test('a signed bundle with the matching public key', () => {
    const report = verifyBundle(createBundle(HOOKS, readHook, keys.privateKey), keys.publicKey);
    assert.deepEqual(report.problems, []);
  });
});

describe('bundle verify: says exactly what is wrong', () => {
  const signed = createBundle(HOOKS, readHook, keys.privateKey);
  const unsigned = createBundle(HOOKS, readHook);
  const cases: { name: string; archive: () => Uint8Array; publicKey?: string; expect: RegExp }[] = [
    { name: 'not a zip', archive: () => Buffer.from('hello, not a zip'), expect: /not a readable zip/ },
    { name: 'no manifest', archive: () => tamper(unsigned, 'manifest.json', null), expect: /no manifest\.json/ },
    { name: 'manifest not JSON', archive: () => tamper(unsigned, 'manifest.json', Buffer.from('{oops')), expect: /not valid JSON/ },
    { name: 'listed file missing', archive: () => tamper(unsigned, 'sw-edge-post.js', null), expect: /"sw-edge-post\.js", which is not in the bundle/ },
    { name: 'file changed after build', archive: () => tamper(unsigned, 'sw-edge-pre.js', Buffer.from('var swEdgePre = 1;\n')), expect: /checksum mismatch/ },
    { name: 'no driver', archive: () => editManifest(unsigned, (m) => delete m.custom_middleware.driver), expect: /driver is missing/ },
    {
      name: 'no hook',
      archive: () =>
        editManifest(unsigned, (m) => {
          m.custom_middleware.pre = [];
          m.custom_middleware.post = [];
        }),
      expect: /defines no hook/,
    },
    {
      name: 'empty file_list',
      archive: () =>
        editManifest(unsigned, (m) => {
          m.file_list = [];
        }),
      expect: /file_list is missing or empty/,
    },
    {
      name: 'hook file outside file_list',
      archive: () =>
        editManifest(unsigned, (m) => {
          m.file_list = ['sw-edge-pre.js'];
        }),
      expect: /not in file_list/,
    },
    { name: 'unsigned, gateway has a public key', archive: () => unsigned, publicKey: keys.publicKey, expect: /not signed/ },
    { name: 'signed with another key', archive: () => signed, publicKey: otherKeys.publicKey, expect: /signature does not match/ },
    {
      name: 'signed, then a file changed (checksum recomputed)',
      archive: () => {
        const changed = tamper(signed, 'sw-edge-pre.js', Buffer.from('var swEdgePre = 2;\n'));
        const checksum = verifyBundle(changed)
          .problems.join('')
          .match(/hash to "([0-9a-f]{32})"/)?.[1];
        return editManifest(changed, (m) => {
          m.checksum = checksum;
        });
      },
      publicKey: keys.publicKey,
      expect: /signature does not match/,
    },
  ];
  for (const { name, archive, publicKey, expect } of cases) {
    test(name, () => {
      const report = verifyBundle(archive(), publicKey);
      assert.ok(report.problems.length > 0, `${name}: no problem reported`);
      assert.match(report.problems.join('\n'), expect);
    });
  }
});

describe('npm run bundle:verify', () => {
  const root = path.resolve(__dirname, '..', '..');
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-edge-verify-'));
  // The compiled CLI (npm test builds first): what `npm run bundle:verify` runs, minus tsx's start-up.
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'dist', 'node', 'bundle', 'verify-cli.js'), ...args], { cwd: root, encoding: 'utf8' });

  test('exit 0 and a summary for a good signed bundle', () => {
    const zip = path.join(dir, 'good.zip');
    const key = path.join(dir, 'public.pem');
    writeFileSync(zip, createBundle(HOOKS, readHook, keys.privateKey));
    writeFileSync(key, keys.publicKey);
    const result = run(zip, '--public-key', key);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /OK \(driver otto, hooks swEdgePre, swEdgePost/);
  });

  test('exit 1 and each problem for a tampered bundle', () => {
    const zip = path.join(dir, 'bad.zip');
    writeFileSync(zip, tamper(createBundle(HOOKS, readHook), 'sw-edge-pre.js', Buffer.from('x')));
    const result = run(zip);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /problem: checksum mismatch/);
    assert.match(result.stdout, /REJECTED \(1 problem\)/);
  });

  test('with no archive named, checks every bundle the build wrote: otto, goja and pre-only', () => {
    const result = run();
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /sw-edge-[0-9.]+\.zip: OK \(driver otto, hooks swEdgePre, swEdgePost/);
    assert.match(result.stdout, /sw-edge-goja-[0-9.]+\.zip: OK \(driver javascript, hooks swEdgePre, swEdgePost/);
    assert.match(result.stdout, /sw-edge-pre-only-[0-9.]+\.zip: OK \(driver otto, hooks swEdgePre,/);
  });

  test('several archives: exit 1 when any is rejected, each one reported', () => {
    const good = path.join(dir, 'good-too.zip');
    const bad = path.join(dir, 'bad-too.zip');
    writeFileSync(good, createBundle(HOOKS, readHook, undefined, 'javascript'));
    writeFileSync(bad, tamper(createBundle(HOOKS, readHook), 'sw-edge-post.js', Buffer.from('x')));
    const result = run(good, bad);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /good-too\.zip: OK \(driver javascript/);
    assert.match(result.stdout, /bad-too\.zip: REJECTED/);
  });

  test('exit 2 with usage when --public-key has no file', () => {
    const result = run('--public-key');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /usage: npm run bundle:verify/);
  });
});
