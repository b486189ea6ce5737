// Both harnesses behave like the gateway around Tyk's JS drivers (gateway/mw_js_plugin.go, and
// mw_js_plugin_goja.go for goja): the request built, the return decoded and applied, the 500s, the
// timeout, the bench loop. One table, run against each engine. What differs between the engines is
// asserted as data in "engine differences"; otto-only and goja-only behaviour is in
// test/otto/harness.test.ts and test/goja/harness.test.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { benchHooks, callOnce, ENGINES, startHarness, type EngineName, type Harness, type MiddlewareFile } from '../../testkit/jsvm/harness-client';
import { filePath } from '../../testkit/jsvm/middleware-file';
import { failure, success } from '../../testkit/jsvm/outcomes';
import { poll } from '../../testkit/poll';

/** A fixture with the hook names a manifest would give it (goja exports only those). */
const fixture = (name: string, ...hooks: string[]): MiddlewareFile => ({ path: path.join(__dirname, 'fixtures', name), hooks });
const FIXTURES = [
  fixture('headers-hook.js', 'fxHeaders'),
  fixture('body-hooks.js', 'fxIgnoreBody', 'fxReplaceBody', 'fxStock', 'fxStockUpper'),
  fixture('failing-hooks.js', 'fxThrow', 'fxLoop', 'fxFalsy', 'fxObject', 'fxNotJson'),
  fixture('logging-hook.js', 'fxLog'),
  fixture('return-shape-hooks.js', 'fxNumberHeader', 'fxBadUrl', 'fxDeny', 'fxParams'),
  fixture('engine-globals.js', 'fxGlobals'),
];

/** What a hook sees differently in each engine (Tyk 5.15's goja driver, gateway/mw_js_plugin_goja.go). */
const ENGINE_DIFFERENCES: Record<EngineName, { underscore: string; console: string; stringify: string; globalThis: string; loadTimeLog: boolean }> = {
  // otto sorts keys in JSON.stringify, has underscore (Tyk imports otto/underscore) and a console.
  otto: { underscore: 'function', console: 'object', stringify: '{"a":2,"b":1}', globalThis: 'undefined', loadTimeLog: true },
  // goja keeps insertion order, has neither `_` nor a console, and log is a no-op while files replay.
  goja: { underscore: 'undefined', console: 'undefined', stringify: '{"b":1,"a":2}', globalThis: 'object', loadTimeLog: false },
};

/** Bytes that are not valid UTF-8, like an uploaded image. */
function binaryBody(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + 7) & 0xff;
  return b;
}

function harnessSuite(engine: EngineName): void {
  describe('serving calls like the gateway', () => {
    let h: Harness;
    before(() => {
      h = startHarness({ engine, files: FIXTURES, seed: 1 });
    });
    after(() => h.close());

    it('builds the request like Tyk: Host added to Headers, Params from the query, config_data null when absent', async () => {
      const o = success(
        await h.call({ hook: 'fxLog', request: { method: 'POST', url: '/inference/predict?x=1&x=2', headers: { 'content-type': ['text/plain'] } } }),
      );
      const req = o.returned.Request;
      assert.deepEqual(req.Headers, { 'Content-Type': ['text/plain'], Host: ['127.0.0.1:8080'] });
      assert.deepEqual(req.Params, { x: ['1', '2'] });
      assert.equal(req.URL, '/inference/predict?x=1&x=2');
      assert.equal(req.RequestURI, '/inference/predict?x=1&x=2');
      assert.equal(req.Method, 'POST');
      assert.equal(req.Scheme, 'http');
      assert.equal(o.headers['X-Arg-Types']?.[0], 'object,object,object');
      assert.deepEqual(o.headers['X-Config'], ['null']);
    });

    it("passes Tyk's empty SessionState by default, a given session as is, and drops config_data when disabled", async () => {
      const dflt = success(await h.call({ hook: 'fxLog', request: { url: '/' }, spec: { APIID: 'a', config_data: { k: 1 }, config_data_disabled: true } }));
      assert.deepEqual(dflt.headers['X-Session'], ['["",null,0,"object"]']);
      assert.equal(dflt.headers['X-Config'], undefined, 'config_data left out: JSON.stringify(undefined) sets no header');
      const given = success(await h.call({ hook: 'fxLog', request: { url: '/' }, session: { org_id: 'o1', meta_data: { tier: 'gold' } } }));
      assert.deepEqual(given.headers['X-Session'], ['["o1",{"tier":"gold"},null,"undefined"]']);
    });

    it("has Tyk's base64 globals: b64dec retries unpadded and gives undefined on garbage; rawb64enc has no padding", async () => {
      const o = success(await h.call({ hook: 'fxLog', request: { url: '/' } }));
      assert.deepEqual(o.headers['X-B64'], ['hi,hi,aGk,undefined']);
      assert.ok(o.logs.some((l) => l.startsWith('jsvm error: Failed to base64 decode')));
    });

    it('captures log and rawlog, prefixed, in the outcome and on stderr', async () => {
      const o = success(await h.call({ hook: 'fxLog', request: { url: '/' }, spec: { APIID: 'api-42', config_data: { k: 'v' } } }));
      assert.ok(o.logs.includes('jsvm log: fixture log for api-42'), o.logs.join('\n'));
      assert.ok(o.logs.includes('jsvm rawlog: fixture rawlog'));
      assert.deepEqual(o.headers['X-Config'], ['{"k":"v"}']);
      await poll(
        () => h.stderr().includes('jsvm log: fixture log for api-42'),
        () => h.stderr(),
        "the hook's log line on stderr",
        { timeoutMs: 5000, intervalMs: 1 },
      );
    });

    it("applies DeleteHeaders then SetHeaders with Go's canonical names", async () => {
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
      const o = success(
        await h.call({ hook: 'fxStock', request: { method: 'POST', url: '/up', headers: { 'X-In': ['1'] }, bodyB64: body.toString('base64') } }),
      );
      assert.equal(o.bodyUnchanged, true);
      assert.ok(Buffer.from(o.bodyB64, 'base64').equals(body));
      assert.deepEqual(o.returned.Request.Headers, {});
      assert.deepEqual(o.headers, { 'X-In': ['1'], 'X-Seen-Body-Length': ['4096'] });
      const upper = success(await h.call({ hook: 'fxStockUpper', request: { method: 'POST', url: '/up', body: 'shout' } }));
      assert.equal(Buffer.from(upper.bodyB64, 'base64').toString('utf8'), 'SHOUT');
    });

    it("turns a throwing hook into Tyk's 500", async () => {
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
      ['undefinedHookName', 'fxNoSuchHook', /ReferenceError: '?fxNoSuchHook'? is not defined/],
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

    it('engine differences: underscore, console, JSON.stringify order, globalThis, log at load time; no state survives a call', async () => {
      const expected = ENGINE_DIFFERENCES[engine];
      const first = success(await h.call({ hook: 'fxGlobals', request: { url: '/' } }));
      const second = success(await h.call({ hook: 'fxGlobals', request: { url: '/' } }));
      assert.deepEqual(
        {
          underscore: first.headers['X-Underscore'],
          console: first.headers['X-Console'],
          stringify: first.headers['X-Stringify'],
          globalThis: first.headers['X-Global-This'],
        },
        { underscore: [expected.underscore], console: [expected.console], stringify: [expected.stringify], globalThis: [expected.globalThis] },
      );
      assert.deepEqual(second.headers['X-Load-Count'], ['101'], 'the earlier call changed nothing the next one sees');
      assert.equal(h.stderr().includes('jsvm log: fixture top-level log'), expected.loadTimeLog);
    });
  });

  describe('seeding', () => {
    it('gives the same Math.random sequence for the same -seed, and another for another seed', async () => {
      const randoms = async (seed: number) =>
        success(await callOnce({ engine, files: [fixture('logging-hook.js', 'fxLog')], seed }, { hook: 'fxLog', request: { url: '/' } })).headers[
          'X-Random'
        ]?.[0];
      const [a, b, c] = await Promise.all([randoms(99), randoms(99), randoms(100)]);
      assert.match(a ?? '', /^0\.\d+,0\.\d+,0\.\d+$/);
      assert.equal(a, b);
      assert.notEqual(a, c);
    });
  });

  describe('-bench', () => {
    it("times whole requests through each rival's hooks in turns, feeding each hook the headers the previous one set", async () => {
      const r = await benchHooks({
        engine,
        variants: [
          { name: 'headersThenIgnore', hooks: ['fxHeaders', 'fxIgnoreBody'], files: FIXTURES.map(filePath) },
          { name: 'stock', hooks: ['fxStock'], files: [path.join(__dirname, 'fixtures', 'body-hooks.js')] },
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
}

for (const { name } of ENGINES) describe(`${name} harness`, () => harnessSuite(name));
