/**
 * The shipped hook files, run in both of Tyk's JS engines the way each driver runs them, from one table:
 * otto v0.5.1 (testkit/jsvm/otto: underscore, our TykJS stand-in, `NAME.DoProcessRequest(request,
 * session, spec)` on a vm.Copy() per call) and goja (testkit/jsvm/goja: a fresh runtime per call, every
 * file replayed inside an IIFE that exports only the manifest's name, the Go API registered after the
 * replay). Same inputs, same expected headers; the body pasted in as base64, headers applied
 * Delete-then-Set. Issue #2's fixtures, issue #13's second engine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { formatSw8, parseSw8, type Sw8Context } from '../../trace/sw8';
import {
  ENGINES,
  startHarness,
  type EngineName,
  type Harness,
  type HarnessOutcome,
  type HarnessSuccess,
  type HeaderMap,
} from '../../testkit/jsvm/harness-client';
import { invalidSw8Cases } from '../trace/invalid-sw8-cases';
import { builtHookFiles } from './edge-files';

const API_ID = 'inference-api';
const spec = (config_data?: Record<string, unknown> | null) => ({ APIID: API_ID, OrgID: 'org-1', config_data: config_data === undefined ? null : config_data });
const clientHeaders: HeaderMap = { 'Content-Type': ['multipart/form-data; boundary=x'], 'User-Agent': ['curl/8.5'] };
const request = (headers: HeaderMap = {}, extra: { body?: string; url?: string } = {}) => ({
  method: 'POST',
  url: extra.url ?? '/inference/api/v1/classify?verbose=1',
  headers: { ...clientHeaders, ...headers },
  body: extra.body ?? 'hello',
});

const clientContext: Sw8Context = {
  sample: '1',
  traceId: 'c11e0000c11e0000c11e0000c11e0000',
  parentSegmentId: 'c5e60000c5e60000c5e60000c5e60000',
  parentSpanId: 3,
  parentService: 'mobile-app',
  parentServiceInstance: 'ios-1',
  parentEndpoint: 'tap:/classify',
  networkAddressUsedAtPeer: 'api.example.com',
};
const clientSw8 = formatSw8(clientContext, nodeBase64);

function succeeded(outcome: HarnessOutcome): HarnessSuccess {
  assert.equal(outcome.ok, true, `Tyk would answer 500: ${outcome.ok ? '' : outcome.error}\nlogs: ${outcome.logs.join('\n')}`);
  return outcome as HarnessSuccess;
}

const one = (headers: HeaderMap, name: string): string | undefined => headers[name]?.[0];

function hookSuite(engine: EngineName): void {
  let harness: Harness;
  before(() => {
    harness = startHarness({ engine, files: builtHookFiles() });
  });
  after(() => harness.close());

  async function pre(headers: HeaderMap = {}, config?: Record<string, unknown> | null, extra: { body?: string; url?: string } = {}) {
    const before = Date.now();
    const result = succeeded(await harness.call({ hook: 'swEdgePre', request: request(headers, extra), spec: spec(config) }));
    return { result, before, after: Date.now() };
  }

  /** Checks the edge's sw8 and returns its context; the fields that are not ids are exact. */
  function edgeSw8(result: HarnessSuccess, expected: { service?: string; instance?: string; peer?: string; endpoint?: string } = {}): Sw8Context {
    const parsed = parseSw8(one(result.headers, 'Sw8'), nodeBase64);
    assert.ok(parsed.ok, `the edge forwarded an invalid sw8: ${parsed.ok ? '' : parsed.detail}`);
    const context = parsed.context;
    assert.match(context.traceId, /^[0-9a-f]{32}$/);
    assert.match(context.parentSegmentId, /^[0-9a-f]{32}$/);
    assert.deepEqual(
      { ...context, traceId: 'T', parentSegmentId: 'S' },
      {
        sample: '1',
        traceId: 'T',
        parentSegmentId: 'S',
        parentSpanId: 1,
        parentService: expected.service ?? 'tyk-gateway',
        parentServiceInstance: expected.instance ?? 'tyk',
        parentEndpoint: expected.endpoint ?? 'POST:/inference/api/v1/classify',
        networkAddressUsedAtPeer: expected.peer ?? `tyk-upstream-${API_ID}`,
      },
    );
    return context;
  }

  function assertStartWithin(result: HarnessSuccess, before: number, after: number): string {
    const start = one(result.headers, 'X-Sw-Edge-Start') ?? '';
    assert.match(start, /^[0-9]{13}$/);
    assert.ok(Number(start) >= before && Number(start) <= after, `x-sw-edge-start ${start} outside [${before}, ${after}]`);
    return start;
  }

  describe('pre hook', () => {
    test('no sw8: starts a new trace and sets exactly the contract headers, body untouched', async () => {
      const { result, before, after } = await pre();
      const context = edgeSw8(result);
      const start = assertStartWithin(result, before, after);
      assert.notEqual(context.traceId, context.parentSegmentId);
      assert.deepEqual(result.headers, {
        ...clientHeaders,
        Sw8: [formatSw8(context, nodeBase64)],
        'X-Sw-Edge-Start': [start],
        'X-Sw-Edge-Api': [API_ID],
        'X-Sw-Edge-Trace-Id': [context.traceId],
      });
      assert.equal(result.bodyUnchanged, true);
      assert.equal(Buffer.from(result.bodyB64, 'base64').toString(), 'hello');
      assert.equal(result.url, '/inference/api/v1/classify?verbose=1', 'the URL must go back unchanged');
      assert.equal(result.returned.Request.IgnoreBody, true);
      assert.equal(result.returned.Request.Body, '', 'the body must not be re-encoded into the return value');
    });

    test('valid sw8, policy continue (default): same trace id, client sw8 passed on as x-sw-edge-parent', async () => {
      const { result, before, after } = await pre({ Sw8: [clientSw8] });
      const context = edgeSw8(result);
      assert.equal(context.traceId, clientContext.traceId);
      assert.notEqual(context.parentSegmentId, clientContext.parentSegmentId);
      assert.deepEqual(result.headers, {
        ...clientHeaders,
        Sw8: [formatSw8(context, nodeBase64)],
        'X-Sw-Edge-Start': [assertStartWithin(result, before, after)],
        'X-Sw-Edge-Api': [API_ID],
        'X-Sw-Edge-Trace-Id': [clientContext.traceId],
        'X-Sw-Edge-Parent': [clientSw8],
      });
    });

    test('valid sw8, sw8_incoming restart: a new trace, no parent', async () => {
      const { result } = await pre({ Sw8: [clientSw8] }, { sw8_incoming: 'restart' });
      const context = edgeSw8(result);
      assert.notEqual(context.traceId, clientContext.traceId);
      assert.equal(one(result.headers, 'X-Sw-Edge-Trace-Id'), context.traceId);
      assert.equal(result.headers['X-Sw-Edge-Parent'], undefined);
    });

    for (const { name, value, reason } of invalidSw8Cases(clientSw8)) {
      test(`invalid sw8 (${name}): never forwarded; a new valid trace instead, and the reason logged`, async () => {
        const { result } = await pre({ Sw8: [value] });
        const context = edgeSw8(result);
        assert.notEqual(one(result.headers, 'Sw8'), value);
        assert.notEqual(context.traceId, clientContext.traceId);
        assert.equal(result.headers['X-Sw-Edge-Parent'], undefined);
        assert.match(result.logs.join('\n'), new RegExp(`incoming sw8 is invalid \\(${reason}`));
      });
    }

    test('forged x-sw-edge-* headers from the client are removed or replaced', async () => {
      const { result, before, after } = await pre({
        'X-Sw-Edge-Start': ['1'],
        'X-Sw-Edge-Post': ['2'],
        'X-Sw-Edge-Key': ['guessed'],
        'X-Sw-Edge-Parent': [clientSw8],
        'X-Sw-Edge-Api': ['other-api'],
        'x-sw-edge-trace-id': ['deadbeef'],
      });
      const context = edgeSw8(result);
      assert.deepEqual(result.headers, {
        ...clientHeaders,
        Sw8: [formatSw8(context, nodeBase64)],
        'X-Sw-Edge-Start': [assertStartWithin(result, before, after)],
        'X-Sw-Edge-Api': [API_ID],
        'X-Sw-Edge-Trace-Id': [context.traceId],
      });
    });

    test('config_data: service, instance, peer and secret are used as given', async () => {
      const { result } = await pre({}, { sw_service: 'edge-eu', sw_instance: 'tyk-eu-1', sw_upstream_peer: 'bff:3000', sw_edge_secret: 's3cret' });
      edgeSw8(result, { service: 'edge-eu', instance: 'tyk-eu-1', peer: 'bff:3000' });
      assert.equal(one(result.headers, 'X-Sw-Edge-Key'), 's3cret');
      assert.deepEqual(
        result.logs.filter((line) => line.includes('swEdgePre')),
        [],
      );
    });

    test('missing config_data: the defaults, nothing logged', async () => {
      const { result } = await pre({}, null);
      edgeSw8(result);
      assert.equal(result.headers['X-Sw-Edge-Key'], undefined);
      assert.deepEqual(
        result.logs.filter((line) => line.includes('swEdgePre')),
        [],
      );
    });

    test('wrong config_data values: the defaults, each mistake logged through Tyk log', async () => {
      const { result } = await pre({}, { sw_service: 5, sw_instance: '', sw8_incoming: 'sometimes', sw_edge_secret: false });
      edgeSw8(result);
      const logs = result.logs.join('\n');
      assert.match(logs, /sw_service must be a non-empty string/);
      assert.match(logs, /sw_instance must be a non-empty string/);
      assert.match(logs, /sw8_incoming must be "continue" or "restart"/);
      assert.match(logs, /sw_edge_secret must be a non-empty string/);
      assert.equal(result.headers['X-Sw-Edge-Key'], undefined);
    });

    test('a long path is cut to 150 characters so the sw8 stays valid', async () => {
      const { result } = await pre({}, null, { url: `/inference/${'a'.repeat(3000)}` });
      const context = edgeSw8(result, { endpoint: `POST:/inference/${'a'.repeat(3000)}`.slice(0, 150) });
      assert.equal(context.parentEndpoint.length, 150);
    });

    test('a non-ASCII path is percent-encoded into the endpoint so the BFF accepts the sw8 (issue 9)', async () => {
      const { result } = await pre({}, null, { url: '/inference/日本/a\u00e9' });
      edgeSw8(result, { endpoint: 'POST:/inference/%E6%97%A5%E6%9C%AC/a%C3%A9' });
    });

    test('config_data names outside printable ASCII: the defaults, and it says why', async () => {
      const { result } = await pre({}, { sw_service: 'gätewäy', sw_upstream_peer: 'bff:3000\r\n' });
      edgeSw8(result);
      const logs = result.logs.join('\n');
      assert.match(logs, /sw_service must be printable ASCII/);
      assert.match(logs, /sw_upstream_peer must be printable ASCII/);
    });

    test('a 1 MB body comes back untouched and is not re-encoded into the return value', async () => {
      const body = Buffer.alloc(1024 * 1024, 'b').toString();
      const result = succeeded(await harness.call({ hook: 'swEdgePre', request: { ...request(), body }, spec: spec() }));
      assert.equal(result.bodyUnchanged, true);
      assert.equal(result.returned.Request.Body, '');
      edgeSw8(result);
    });

    const garbage: { name: string; rawArgs: string }[] = [
      { name: 'null request', rawArgs: 'null, {}, {}' },
      { name: 'string request', rawArgs: '"garbage", {}, {}' },
      { name: 'headers not a map', rawArgs: '{"Headers": 5, "URL": "/inference/x", "Method": "GET"}, {}, null' },
      {
        name: 'header values not arrays',
        rawArgs: '{"Headers": {"Sw8": 7, "User-Agent": null}, "URL": "/x", "Method": "GET"}, null, {"APIID": 3, "config_data": "nope"}',
      },
      { name: 'no spec at all', rawArgs: '{"Headers": {}, "URL": "/x"}' },
    ];
    for (const { name, rawArgs } of garbage) {
      test(`garbage request JSON (${name}): no 500, the request passes on`, async () => {
        const outcome = await harness.call({ hook: 'swEdgePre', rawArgs });
        assert.equal(outcome.ok, true, outcome.ok ? '' : `${outcome.error}\n${outcome.logs.join('\n')}`);
      });
    }
  });

  describe('post hook', () => {
    test('after pre: stamps x-sw-edge-post, keeps everything pre set, body untouched', async () => {
      const { result: afterPre } = await pre({ Sw8: [clientSw8] });
      const before = Date.now();
      const result = succeeded(await harness.call({ hook: 'swEdgePost', request: { ...request(), headers: afterPre.headers }, spec: spec() }));
      const post = one(result.headers, 'X-Sw-Edge-Post') ?? '';
      assert.match(post, /^[0-9]{13}$/);
      assert.ok(Number(post) >= Number(one(afterPre.headers, 'X-Sw-Edge-Start')) && Number(post) >= before && Number(post) <= Date.now());
      assert.deepEqual(result.headers, { ...afterPre.headers, 'X-Sw-Edge-Post': [post] });
      assert.equal(result.bodyUnchanged, true);
    });

    test('without pre headers: no stamp, and it says why', async () => {
      const result = succeeded(await harness.call({ hook: 'swEdgePost', request: request(), spec: spec() }));
      assert.deepEqual(result.headers, clientHeaders);
      assert.match(result.logs.join('\n'), /the pre hook did not run/);
    });

    test('garbage request JSON: no 500', async () => {
      for (const rawArgs of ['[], 1, "x"', '{"Headers": []}, {}, {}', 'undefined, undefined, undefined']) {
        const outcome = await harness.call({ hook: 'swEdgePost', rawArgs });
        assert.equal(outcome.ok, true, `${rawArgs}: ${outcome.ok ? '' : outcome.error}`);
      }
    });
  });

  describe('ids across gateways', () => {
    test('two harness processes with the same random seed mint different ids', async () => {
      const gateways = [
        startHarness({ engine, files: builtHookFiles(), seed: 1764072000 }),
        startHarness({ engine, files: builtHookFiles(), seed: 1764072000 }),
      ];
      try {
        // Same seed, same API, same config; the requests differ as two gateways' requests do.
        const outcomes = await Promise.all(
          gateways.map((gateway, i) =>
            gateway.call({ hook: 'swEdgePre', request: request({ 'User-Agent': [`client-${i}`] }), spec: spec({ sw_instance: 'tyk' }) }),
          ),
        );
        const contexts = outcomes.map((outcome) => edgeSw8(succeeded(outcome)));
        assert.notEqual(contexts[0].traceId, contexts[1].traceId);
        assert.notEqual(contexts[0].parentSegmentId, contexts[1].parentSegmentId);
        // And Math.random really was the same on both: the harness seeds the engine's source.
        const probes = await Promise.all(gateways.map((gateway) => gateway.call({ hook: 'swEdgePre', rawArgs: 'null, {}, {}' })));
        assert.ok(probes.every((probe) => probe.ok));
      } finally {
        await Promise.all(gateways.map((gateway) => gateway.close()));
      }
    });

    test('500 requests through one gateway mint 500 distinct trace ids and 500 distinct segment ids', async () => {
      const traces = new Set<string>();
      const segments = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const context = edgeSw8(succeeded(await harness.call({ hook: 'swEdgePre', request: request(), spec: spec() })));
        traces.add(context.traceId);
        segments.add(context.parentSegmentId);
      }
      assert.equal(traces.size, 500);
      assert.equal(segments.size, 500);
    });
  });
}

for (const { name } of ENGINES) describe(`edge hooks in ${name}`, () => hookSuite(name));
