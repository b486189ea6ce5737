// The real-otto harness behaves like Tyk's JSVM middleware runner
// (gateway/mw_js_plugin.go): what the edge tests and the benchmark rely on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  assertGoToolchain,
  benchHooks,
  callOnce,
  lintFiles,
  startHarness,
  type HarnessFailure,
  type HarnessOutcome,
  type HarnessSuccess,
  type Harness,
} from '../jsvm/harness-client';

const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const FIXTURES = ['headers-hook.js', 'body-hooks.js', 'failing-hooks.js', 'logging-hook.js', 'return-shape-hooks.js'].map(fixture);

function success(o: HarnessOutcome): HarnessSuccess {
  assert.equal(o.ok, true, `expected the hook to pass, got: ${JSON.stringify(o)}`);
  return o as HarnessSuccess;
}
function failure(o: HarnessOutcome): HarnessFailure {
  assert.equal(o.ok, false, `expected Tyk's 500, got: ${JSON.stringify(o).slice(0, 300)}`);
  return o as HarnessFailure;
}

/** Bytes that are not valid UTF-8, like an uploaded image. */
function binaryBody(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + 7) & 0xff;
  return b;
}

describe('otto harness, serving calls like the gateway', () => {
  let h: Harness;
  before(() => {
    h = startHarness({ files: FIXTURES, seed: 1 });
  });
  after(() => h.close());

  it('builds the request like Tyk: Host added to Headers, Params from the query, config_data null when absent', async () => {
    const o = success(await h.call({ hook: 'fxLog', request: { method: 'POST', url: '/inference/predict?x=1&x=2', headers: { 'content-type': ['text/plain'] } } }));
    const req = o.returned.Request;
    assert.deepEqual(req.Headers, { 'Content-Type': ['text/plain'], Host: ['127.0.0.1:8080'] });
    assert.deepEqual(req.Params, { x: ['1', '2'] });
    assert.equal(req.URL, '/inference/predict?x=1&x=2');
    assert.equal(req.RequestURI, '/inference/predict?x=1&x=2');
    assert.equal(req.Method, 'POST');
    assert.equal(req.Scheme, 'http');
    assert.equal(o.headers['X-Arg-Types']?.[0], 'object,object,object');
    assert.deepEqual(o.headers['X-Config'], ['null']);
    assert.deepEqual(o.headers['X-Underscore'], ['function'], 'underscore is preloaded as in Tyk');
  });

  it('passes Tyk\'s empty SessionState by default, a given session as is, and drops config_data when disabled', async () => {
    const dflt = success(await h.call({ hook: 'fxLog', request: { url: '/' }, spec: { APIID: 'a', config_data: { k: 1 }, config_data_disabled: true } }));
    assert.deepEqual(dflt.headers['X-Session'], ['["",null,0,"object"]']);
    assert.equal(dflt.headers['X-Config'], undefined, 'config_data left out: JSON.stringify(undefined) sets no header');
    const given = success(await h.call({ hook: 'fxLog', request: { url: '/' }, session: { org_id: 'o1', meta_data: { tier: 'gold' } } }));
    assert.deepEqual(given.headers['X-Session'], ['["o1",{"tier":"gold"},null,"undefined"]']);
  });

  it('has Tyk\'s base64 globals: b64dec retries unpadded and gives undefined on garbage; rawb64enc has no padding', async () => {
    const o = success(await h.call({ hook: 'fxLog', request: { url: '/' } }));
    assert.deepEqual(o.headers['X-B64'], ['hi,hi,aGk,undefined']);
    assert.ok(o.logs.some((l) => l.startsWith('jsvm error: Failed to base64 decode')));
  });

  it('captures log and rawlog, prefixed, in the outcome and on stderr; console never reaches stdout', async () => {
    const o = success(await h.call({ hook: 'fxLog', request: { url: '/' }, spec: { APIID: 'api-42', config_data: { k: 'v' } } }));
    assert.ok(o.logs.includes('jsvm log: fixture log for api-42'), o.logs.join('\n'));
    assert.ok(o.logs.includes('jsvm rawlog: fixture rawlog'));
    assert.ok(o.logs.includes('jsvm console.log: fixture console'));
    assert.deepEqual(o.headers['X-Config'], ['{"k":"v"}']);
    const deadline = Date.now() + 5000;
    while (!h.stderr().includes('jsvm log: fixture log for api-42') && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    assert.ok(h.stderr().includes('jsvm log: fixture log for api-42'));
  });

  it('applies DeleteHeaders then SetHeaders with Go\'s canonical names', async () => {
    const o = success(
      await h.call({
        hook: 'fxHeaders',
        request: { url: '/p', headers: { 'x-remove-me': ['a'], 'X-Replace-Me': ['old'], 'x-keep': ['k'] }, body: 'b' },
        spec: { APIID: 'api-1' },
      }),
    );
    assert.deepEqual(o.headers, { 'X-Keep': ['k'], 'X-Replace-Me': ['new'], Sw8: ['1-abc'], 'X-Sw-Edge-Api': ['api-1'] });
  });

  it('restores the original body when the hook returns IgnoreBody (binary bytes, 1 MB)', async () => {
    const body = binaryBody(1024 * 1024);
    const o = success(await h.call({ hook: 'fxIgnoreBody', request: { method: 'POST', url: '/up', bodyB64: body.toString('base64') } }));
    assert.equal(o.returned.Request.Body, '', 'the hook blanked the body it returned');
    assert.equal(o.bodyUnchanged, true);
    assert.ok(Buffer.from(o.bodyB64, 'base64').equals(body));
  });

  it('replaces the body with the returned base64 when IgnoreBody is not set', async () => {
    const o = success(await h.call({ hook: 'fxReplaceBody', request: { method: 'POST', url: '/up', body: 'original' } }));
    assert.equal(o.bodyUnchanged, false);
    assert.equal(Buffer.from(o.bodyB64, 'base64').toString('utf8'), 'replaced by the hook');
  });

  it('round-trips a binary body through the stock TykJS path (b64dec, callback, b64enc) and empties Request.Headers', async () => {
    const body = binaryBody(4096);
    const o = success(await h.call({ hook: 'fxStock', request: { method: 'POST', url: '/up', headers: { 'X-In': ['1'] }, bodyB64: body.toString('base64') } }));
    assert.equal(o.bodyUnchanged, true);
    assert.ok(Buffer.from(o.bodyB64, 'base64').equals(body));
    assert.deepEqual(o.returned.Request.Headers, {});
    assert.deepEqual(o.headers, { 'X-In': ['1'], 'X-Seen-Body-Length': ['4096'] });
    const upper = success(await h.call({ hook: 'fxStockUpper', request: { method: 'POST', url: '/up', body: 'shout' } }));
    assert.equal(Buffer.from(upper.bodyB64, 'base64').toString('utf8'), 'SHOUT');
  });

  it('turns a throwing hook into Tyk\'s 500', async () => {
    const o = failure(await h.call({ hook: 'fxThrow', request: { url: '/' } }));
    assert.equal(o.status, 500);
    assert.match(o.error, /Failed to run JS middleware: Error: fixture hook throws/);
  });

  it('interrupts a hook that runs past the timeout, answers 500 and keeps serving', async () => {
    const t0 = Date.now();
    const o = failure(await h.call({ hook: 'fxLoop', request: { url: '/' }, timeoutMs: 200 }));
    assert.equal(o.status, 500);
    assert.match(o.error, /timed out after 200ms/);
    assert.ok(Date.now() - t0 < 4000, 'the VM was interrupted, not waited for');
    success(await h.call({ hook: 'fxIgnoreBody', request: { url: '/' } }));
  });

  const bad500: Array<[string, string, RegExp]> = [
    ['falsyResultOnStockPath', 'fxFalsy', /Returned data: undefined/],
    ['objectInsteadOfString', 'fxObject', /Returned data: \[object Object\]/],
    ['stringThatIsNotJson', 'fxNotJson', /Failed to decode middleware request data/],
    ['undefinedHookName', 'fxNoSuchHook', /'fxNoSuchHook' is not defined/],
  ];
  for (const [name, hook, why] of bad500) {
    it(`answers 500 for a bad hook outcome: ${name}`, async () => {
      const o = failure(await h.call({ hook, request: { url: '/' } }));
      assert.equal(o.status, 500);
      assert.match(o.error, why);
    });
  }

  it('answers 500 when the return has a number where Go expects a string (SetHeaders value)', async () => {
    const o = failure(await h.call({ hook: 'fxNumberHeader', request: { url: '/' } }));
    assert.match(o.error, /cannot unmarshal number into Go .*string/);
  });

  it('goes on with the headers unapplied when the returned URL does not parse, as Tyk does', async () => {
    const o = success(await h.call({ hook: 'fxBadUrl', request: { url: '/a', headers: { 'X-Kept': ['1'] } } }));
    assert.match(o.urlError ?? '', /invalid URL escape/);
    assert.deepEqual(o.headers, { 'X-Kept': ['1'] });
    assert.equal(o.url, '/a');
  });

  it('reports ReturnOverrides with an error code as an answer that is not proxied', async () => {
    const o = success(await h.call({ hook: 'fxDeny', request: { url: '/' } }));
    assert.deepEqual(o.override, { kind: 'error', status: 403, body: 'denied by fixture' });
  });

  it('applies DeleteParams, AddParams (set) and ExtendedParams (add) to the query', async () => {
    const o = success(await h.call({ hook: 'fxParams', request: { url: '/q?drop=1&set=old&add=a0' } }));
    assert.equal(o.url, '/q?add=a0&add=a1&add=a2&set=s');
  });

  it('logs "Middleware didn\'t return request object!" for a falsy result on the stock path', async () => {
    const o = failure(await h.call({ hook: 'fxFalsy', request: { url: '/' } }));
    assert.ok(o.logs.includes("jsvm log: Middleware didn't return request object!"), o.logs.join('\n'));
  });

  it('pastes rawArgs verbatim: garbage arguments are a 500, odd but valid ones reach the hook', async () => {
    failure(await h.call({ hook: 'fxIgnoreBody', rawArgs: 'this is not javascript(' }));
    const o = success(await h.call({ hook: 'fxIgnoreBody', rawArgs: '{"Headers":{},"SetHeaders":{},"DeleteHeaders":[],"URL":"/raw"}, null, {}' }));
    assert.equal(o.url, '/raw');
  });
});

describe('otto harness, loading and seeding', () => {
  it('logs Tyk\'s load error for a file that does not load, keeps the other files, and answers 500 for its hook', async () => {
    const h = startHarness({ files: [fixture('lint-lookahead-literal.js'), fixture('body-hooks.js')] });
    try {
      const o = failure(await h.call({ hook: 'fxLintLiteral', request: { url: '/' } }));
      assert.equal(o.status, 500);
      assert.match(o.error, /'fxLintLiteral' is not defined/);
      assert.ok(o.logs.some((l) => /^jsvm error: Failed to load JS middleware .*lint-lookahead-literal\.js.*lookahead/.test(l)), o.logs.join('\n'));
      success(await h.call({ hook: 'fxIgnoreBody', request: { url: '/' } }));
    } finally {
      await h.close();
    }
  });

  it('gives the same Math.random sequence for the same -seed, and another for another seed', async () => {
    const randoms = async (seed: number) =>
      success(await callOnce({ files: [fixture('logging-hook.js')], seed }, { hook: 'fxLog', request: { url: '/' } })).headers['X-Random']?.[0];
    const [a, b, c] = await Promise.all([randoms(99), randoms(99), randoms(100)]);
    assert.match(a ?? '', /^0\.\d+,0\.\d+,0\.\d+$/);
    assert.equal(a, b);
    assert.notEqual(a, c);
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
    const r = await lintFiles([fixture('lint-clean.js'), fixture('body-hooks.js')]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout.trim(), 'otto-lint OK: 2 file(s) parse and load in otto; 1 regex literal(s) and 2 RegExp("…") call(s) compile');
  });
});

describe('otto harness -bench', () => {
  it('times whole requests through each rival\'s hooks in turns, feeding each hook the headers the previous one set', async () => {
    const r = await benchHooks({
      variants: [
        { name: 'headersThenIgnore', hooks: ['fxHeaders', 'fxIgnoreBody'], files: FIXTURES },
        { name: 'stock', hooks: ['fxStock'], files: [fixture('body-hooks.js')] },
      ],
      bodyBytes: 10_000,
      iterations: 5,
      warmup: 1,
      spec: { APIID: 'b' },
    });
    assert.equal(r.gcMode, 'between');
    const [first, stock] = r.variants;
    assert.ok(first && stock);
    assert.equal(first.samplesNs.length, 5);
    assert.equal(first.hookSamplesNs.length, 2);
    assert.equal(first.gcSamplesNs.length, 5);
    assert.ok(first.samplesNs.every((s) => s > 0));
    assert.equal(first.bodyUnchanged, true);
    assert.deepEqual(first.finalHeaders['X-Sw-Edge-Api'], ['b'], 'the second hook saw the headers the first set');
    assert.equal(stock.samplesNs.length, 5);
    assert.equal(stock.bodyUnchanged, true, 'the stock path round-trips 10 kB of binary body');
    // The hook saw a decoded body (its JS length is not the byte count for non-UTF-8 bytes).
    assert.match(stock.finalHeaders['X-Seen-Body-Length']?.[0] ?? '', /^[1-9][0-9]*$/);
  });
});
