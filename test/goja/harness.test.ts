// What only the goja harness does (Tyk 5.15's driver "javascript", gateway/mw_js_plugin_goja.go):
// each file wrapped in an IIFE that exports only the manifest's names under per-(file, name) aliases,
// files that do not compile left out, and its load gate. What both harnesses share is in
// test/jsvm/harness.test.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callOnce, lintFiles, startHarness, type Harness, type HarnessOutcome } from '../../testkit/jsvm/harness-client';

const fixture = (name: string, ...hooks: string[]) => ({ path: path.join(__dirname, 'fixtures', name), hooks });
const A = fixture('isolated-a.js', 'fxA');
const B = fixture('isolated-b.js', 'fxB');
const helperOf = (o: HarnessOutcome) => (o.ok ? o.headers['X-Helper'] : o.error);

describe('goja harness: one wrapper per file', () => {
  let h: Harness;
  before(() => {
    h = startHarness({ engine: 'goja', files: [A, B] });
  });
  after(() => h.close());

  it("keeps each file's top-level vars local: two files' `helper` do not clash", async () => {
    assert.deepEqual(helperOf(await h.call({ hook: 'fxA', request: { url: '/' } })), ['from a']);
    assert.deepEqual(helperOf(await h.call({ hook: 'fxB', request: { url: '/' } })), ['from b']);
  });

  it('exports only the names the manifest gives: another global of the file is a 500', async () => {
    const o = await h.call({ hook: 'fxHidden', request: { url: '/' } });
    assert.equal(o.ok, false);
    assert.match(o.ok ? '' : o.error, /ReferenceError: fxHidden is not defined/);
  });

  it('calls a manifest name through its alias, __tyk_h_<12 hex>_<name>: a name the file never defines fails there', async () => {
    const o = await callOnce({ engine: 'goja', files: [fixture('isolated-b.js', 'fxB', 'fxMissing')] }, { hook: 'fxMissing', request: { url: '/' } });
    assert.equal(o.ok, false);
    assert.match(o.ok ? '' : o.error, /ReferenceError: __tyk_h_[0-9a-f]{12}_fxMissing is not defined/);
  });
});

describe('goja harness: loading', () => {
  it('otto shares one namespace: there the second file wins, which the wrapper prevents in goja', async () => {
    const otto = await callOnce({ engine: 'otto', files: [A, B] }, { hook: 'fxA', request: { url: '/' } });
    assert.deepEqual(helperOf(otto), ['from b']);
  });

  it('a file given without names is loaded unwrapped: its globals are called as they are', async () => {
    const o = await callOnce({ engine: 'goja', files: [A.path] }, { hook: 'fxHidden', request: { url: '/' } });
    assert.deepEqual(helperOf(o), ['from a']);
  });

  it('logs a file that does not compile and serves the others', async () => {
    const o = await callOnce({ engine: 'goja', files: [fixture('syntax-error.js', 'fxBroken'), A] }, { hook: 'fxA', request: { url: '/' } });
    assert.deepEqual(helperOf(o), ['from a']);
    assert.ok(
      o.logs.some((line) => /^jsvm error: Failed to compile JS middleware .*syntax-error\.js/.test(line)),
      o.logs.join('\n'),
    );
  });
});

describe('goja harness -lint', () => {
  it('passes files that compile, replay and export their handlers', async () => {
    const r = await lintFiles([A, B], { engine: 'goja' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), 'goja-lint OK: 2 file(s) compile, replay and export their handlers in goja');
  });

  it('names a handler the manifest gives that the file does not define, and a file that does not compile', async () => {
    const r = await lintFiles([fixture('isolated-b.js', 'fxB', 'fxMissing'), fixture('syntax-error.js', 'fxBroken')], { engine: 'goja' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /isolated-b\.js: handler fxMissing is not exported/);
    assert.match(r.stdout, /Failed to compile JS middleware .*syntax-error\.js/);
    assert.doesNotMatch(r.stdout, /handler fxB is not exported/);
  });
});
