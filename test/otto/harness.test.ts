// What only the otto harness does (driver "otto", Tyk ≤ 5.14, gateway/mw_js_plugin.go): its load
// errors, otto's console, and the RE2 regex lint. What both harnesses share is in
// test/jsvm/harness.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertGoToolchain, callOnce, lintFiles, startHarness } from '../../testkit/jsvm/harness-client';
import { failure, success } from '../../testkit/jsvm/outcomes';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const sharedFixture = (name: string) => path.join(__dirname, '..', 'jsvm', 'fixtures', name);

describe('otto harness, loading', () => {
  it("logs Tyk's load error for a file that does not load, keeps the other files, and answers 500 for its hook", async () => {
    const h = startHarness({ files: [fixture('lint-lookahead-literal.js'), sharedFixture('body-hooks.js')] });
    try {
      const o = failure(await h.call({ hook: 'fxLintLiteral', request: { url: '/' } }));
      assert.equal(o.status, 500);
      assert.match(o.error, /'fxLintLiteral' is not defined/);
      assert.ok(
        o.logs.some((l) => /^jsvm error: Failed to load JS middleware .*lint-lookahead-literal\.js.*lookahead/.test(l)),
        o.logs.join('\n'),
      );
      success(await h.call({ hook: 'fxIgnoreBody', request: { url: '/' } }));
    } finally {
      await h.close();
    }
  });

  it('routes console output to the log sink: stdout is the protocol channel', async () => {
    const o = success(await callOnce({ files: [fixture('console-hook.js')] }, { hook: 'fxConsole', request: { url: '/' } }));
    assert.ok(o.logs.includes('jsvm console.log: fixture console'), o.logs.join('\n'));
  });

  it('says how to install Go when it is missing', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-go-'));
    try {
      assert.throws(() => assertGoToolchain({ PATH: empty }), /`go` is not on PATH.*apt-get install golang-go/s);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('otto harness -lint', () => {
  it('flags a lookahead regex literal and a new RegExp("(?=x)") string, with positions', async () => {
    const r = await lintFiles([fixture('lint-lookahead-literal.js'), fixture('lint-regexp-string.js'), fixture('lint-clean.js')]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /lint-lookahead-literal\.js:5:9: regex literal \/\^a\(\?=b\)\/ stops the whole file loading: .*lookahead/);
    assert.match(r.stdout, /lint-regexp-string\.js:5:11: new RegExp\("\(\?=x\)"\) throws when run: .*lookahead/);
    assert.match(r.stdout, /lint-lookahead-literal\.js: load: Failed to load JS middleware/);
    assert.doesNotMatch(r.stdout, /lint-clean\.js/);
  });

  const rejected: Array<[string, string, RegExp]> = [
    ['negativeLookaheadLiteral', 'var r = /a(?!b)/;', /regex literal .* stops the whole file loading: .*lookahead/],
    ['backReferenceLiteral', 'var r = /(a)\\1/;', /regex literal .* stops the whole file loading: .*backreference/],
    // otto passes (?<…) through to Go's regexp, which takes it for a named group and fails on "=".
    ['lookbehindLiteral', 'var r = /(?<=a)b/;', /regex literal.* stops the whole file loading: .*invalid named capture/],
    ['lookaheadInRegExpCall', 'var r = RegExp("a(?=b)", "g");', /RegExp\("a\(\?=b\)"\) throws when run/],
    ['unicodeFlagIgnored', 'var r = /a/u;', /flag "u" is silently ignored by otto/],
    ['dotAllFlagIgnored', 'var r = new RegExp("a.b", "s");', /flag "s" is silently ignored by otto/],
    ['repeatedFlag', 'var r = new RegExp("a", "gg");', /flag "g" repeated/],
    ['syntaxError', 'var = 1;', /syntax: /],
  ];
  for (const [name, source, why] of rejected) {
    it(`rejects ${name}`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'otto-lint-'));
      try {
        const file = path.join(dir, `${name}.js`);
        writeFileSync(file, `${source}\n`);
        const r = await lintFiles([file]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stdout, why);
        assert.ok(r.stdout.includes(`${name}.js:1:`), r.stdout);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  // What Tyk 5.8.15's otto (v0.5.1, built with Go 1.25) loads although older builds refused it.
  const accepted: Array<[string, string]> = [['namedGroupLiteral', 'var r = /(?<y>a)/;']];
  for (const [name, source] of accepted) {
    it(`accepts ${name}`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'otto-lint-'));
      try {
        const file = path.join(dir, `${name}.js`);
        writeFileSync(file, `${source}\n`);
        const r = await lintFiles([file]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /^otto-lint OK: 1 file\(s\) parse and load in otto; 1 regex literal/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('passes files whose regexes otto compiles, with a one-line summary', async () => {
    const r = await lintFiles([fixture('lint-clean.js'), sharedFixture('body-hooks.js')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), 'otto-lint OK: 2 file(s) parse and load in otto; 1 regex literal(s) and 2 RegExp("…") call(s) compile');
  });
});
