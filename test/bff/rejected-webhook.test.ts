/**
 * `POST /_edge/rejected` (issue 14): Tyk's webhook for a request it refused becomes the gateway's
 * segment, once, and only from the gateway. The real body Tyk v5.8.15 sent is decoded into the
 * exact segment; a named table of hostile bodies is each answered with its 4xx and no segment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBff, type TestBff } from './helpers/bff';
import { edgeHeaders, edgeSw8, EDGE_SEGMENT_ID, EDGE_TRACE_ID } from '../../testkit/edge-headers';
import { REAL_TYK_BODY, breakerWebhookBody, recordingSender, rejectedWebhookBody } from '../../testkit/bff/tyk-webhook';

const SECRET = 'webhook-secret';
// The recorded event's own time (`2026-12-02 05:51:53.800974368 +0000 UTC`); the BFF's clock is set 200 ms after it.
const REAL_EVENT_AT = Date.UTC(2026, 11, 2, 5, 51, 53) + 800.974368;

function post(bff: TestBff, body: string, headers: Record<string, string> = { 'x-sw-edge-key': SECRET }) {
  return fetch(`${bff.address}/_edge/rejected`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

async function metric(bff: TestBff, outcome: string, event = 'AuthFailure'): Promise<number> {
  const text = await (await fetch(`${bff.address}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`bff_edge_webhooks_total{event="${event}",outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('the real Tyk v5.8.15 AuthFailure webhook', () => {
  let bff: TestBff;
  const oap = recordingSender();
  before(async () => {
    bff = await startTestBff({ edgeSharedSecret: SECRET, send: oap.send, now: () => REAL_EVENT_AT + 200 });
  });
  after(() => bff.stop());

  test("decodes into the gateway-only error segment on the pre hook's trace id; the presented key is nowhere in it", async () => {
    const answer = await post(bff, REAL_TYK_BODY);
    assert.equal(answer.status, 202);
    assert.deepEqual((await answer.json()) as unknown, {
      event: 'AuthFailure',
      traced: true,
      traceId: '20c3ee446555296574e0f07ebe902fec',
      segmentId: '1564efe6e001cfcc51fc3fd464b4987f',
    });
    await bff.reporter.flush();
    assert.equal(oap.segments.length, 1);
    assert.deepEqual(oap.segments[0], {
      traceId: '20c3ee446555296574e0f07ebe902fec',
      traceSegmentId: '1564efe6e001cfcc51fc3fd464b4987f',
      spans: [
        {
          spanId: 0,
          parentSpanId: -1,
          startTime: 1796190713786,
          endTime: 1796190713800,
          refs: [],
          operationName: 'GET:/auth/healthz',
          peer: '',
          spanType: 'Entry',
          spanLayer: 'Http',
          componentId: 49,
          isError: true,
          tags: [
            { key: 'http.method', value: 'GET' },
            { key: 'http.status_code', value: '403' },
            { key: 'tyk.event', value: 'AuthFailure' },
            { key: 'tyk.api_id', value: 'auth-api' },
          ],
          logs: [],
          skipAnalysis: false,
        },
      ],
      service: 'tyk-gateway',
      serviceInstance: 'tyk-1',
      isSizeLimited: false,
    });
    // The originating request carried `Authorization: bad`; nothing of it may be stored.
    assert.doesNotMatch(JSON.stringify(oap.segments), /Authorization|"bad"/i);
    assert.equal(await metric(bff, 'traced'), 1);
  });

  test('Tyk sending the same event twice traces it once: the second is 409 and counted as duplicate', async () => {
    const again = await post(bff, REAL_TYK_BODY);
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as Record<string, any>).code, 'BFF_ERR_EDGE_REPLAYED');
    await bff.reporter.flush();
    assert.equal(oap.segments.length, 1);
    assert.equal(await metric(bff, 'duplicate'), 1);
  });
});

describe('hostile and broken webhooks: the right 4xx, no segment, a count', () => {
  let bff: TestBff;
  const oap = recordingSender();
  const now = Date.now();
  const good = { start: now - 20, key: SECRET };
  before(async () => {
    bff = await startTestBff({ edgeSharedSecret: SECRET, send: oap.send });
  });
  after(() => bff.stop());

  const cases: { name: string; body: () => string; headers?: Record<string, string>; status: number; code: string; outcome: string; event?: string }[] = [
    {
      name: 'noKey',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders(good) }),
      headers: {},
      status: 403,
      code: 'BFF_ERR_EDGE_FORBIDDEN',
      outcome: 'forbidden',
      event: 'unknown',
    },
    {
      name: 'wrongKey',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders(good) }),
      headers: { 'x-sw-edge-key': 'guess' },
      status: 403,
      code: 'BFF_ERR_EDGE_FORBIDDEN',
      outcome: 'forbidden',
      event: 'unknown',
    },
    {
      name: 'tenMegabytes',
      body: () => `{"event":"AuthFailure","request":"${'A'.repeat(10 * 1024 * 1024)}"}`,
      status: 413,
      code: 'BFF_ERR_EDGE_TOO_LARGE',
      outcome: 'tooLarge',
      event: 'unknown',
    },
    { name: 'notJson', body: () => 'event=AuthFailure', status: 400, code: 'BFF_ERR_EDGE_BAD_EVENT', outcome: 'badEvent', event: 'unknown' },
    {
      name: 'misspeltEvent',
      body: () => rejectedWebhookBody({ event: 'RateLimitExceeded', at: now, headers: edgeHeaders(good) }),
      status: 400,
      code: 'BFF_ERR_EDGE_BAD_EVENT',
      outcome: 'badEvent',
      event: 'unknown',
    },
    {
      name: 'notGoTime',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders(good) }).replace(/"time":"[^"]*"/, '"time":"2026-12-02T05:51:53Z"'),
      status: 400,
      code: 'BFF_ERR_EDGE_BAD_EVENT',
      outcome: 'badEvent',
    },
    {
      name: 'badBase64',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders(good) }).replace(/"request":"[^"]*"/, '"request":"R0VU!IC8=="'),
      status: 400,
      code: 'BFF_ERR_EDGE_BAD_EVENT',
      outcome: 'badEvent',
    },
    {
      name: 'notAnHttpRequest',
      body: () =>
        rejectedWebhookBody({ at: now, headers: edgeHeaders(good) }).replace(/"request":"[^"]*"/, `"request":"${Buffer.from('hello').toString('base64')}"`),
      status: 400,
      code: 'BFF_ERR_EDGE_BAD_EVENT',
      outcome: 'badEvent',
    },
    { name: 'noEdgeHeaders', body: () => rejectedWebhookBody({ at: now, headers: {} }), status: 422, code: 'BFF_ERR_EDGE_UNTRUSTED', outcome: 'notFromEdge' },
    {
      name: 'badSw8',
      body: () => rejectedWebhookBody({ at: now, headers: { ...edgeHeaders(good), sw8: '1-garbage' } }),
      status: 422,
      code: 'BFF_ERR_EDGE_UNTRUSTED',
      outcome: 'badSw8',
    },
    {
      name: 'sw8NotFromEdge',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders({ ...good, sw8: edgeSw8({ parentSpanId: 3 }) }) }),
      status: 422,
      code: 'BFF_ERR_EDGE_UNTRUSTED',
      outcome: 'sw8NotFromEdge',
    },
    {
      name: 'wrongKeyInRequest',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders({ ...good, key: 'other' }) }),
      status: 422,
      code: 'BFF_ERR_EDGE_UNTRUSTED',
      outcome: 'keyMismatch',
    },
    {
      name: 'forgedStartHourBefore',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders({ ...good, start: now - 3_600_000 }) }),
      status: 422,
      code: 'BFF_ERR_EDGE_UNTRUSTED',
      outcome: 'implausibleTime',
    },
    {
      name: 'forgedStartAfterEvent',
      body: () => rejectedWebhookBody({ at: now, headers: edgeHeaders({ ...good, start: now + 5_000 }) }),
      status: 422,
      code: 'BFF_ERR_EDGE_UNTRUSTED',
      outcome: 'implausibleTime',
    },
    {
      name: 'replayedHourOld',
      body: () => rejectedWebhookBody({ at: now - 3_600_000, headers: edgeHeaders({ ...good, start: now - 3_600_020 }) }),
      status: 422,
      code: 'BFF_ERR_EDGE_UNTRUSTED',
      outcome: 'implausibleTime',
    },
  ];

  for (const c of cases) {
    test(`${c.name}: ${c.status} ${c.code}`, async () => {
      const before = await metric(bff, c.outcome, c.event ?? 'AuthFailure');
      const answer = await post(bff, c.body(), c.headers);
      assert.equal(answer.status, c.status);
      const error = (await answer.json()) as Record<string, any>;
      assert.equal(error.code, c.code);
      assert.equal(typeof error.error, 'string');
      assert.ok('traceId' in error);
      await bff.reporter.flush();
      assert.equal(oap.segments.length, 0, 'no segment');
      assert.equal(await metric(bff, c.outcome, c.event ?? 'AuthFailure'), before + 1);
    });
  }

  test('replayed within the window: the first is traced, the copy is 409 and adds nothing', async () => {
    const body = rejectedWebhookBody({ at: Date.now(), headers: edgeHeaders({ start: Date.now() - 5, key: SECRET }) });
    assert.equal((await post(bff, body)).status, 202);
    const replay = await post(bff, body);
    assert.equal(replay.status, 409);
    assert.equal(((await replay.json()) as Record<string, any>).code, 'BFF_ERR_EDGE_REPLAYED');
    await bff.reporter.flush();
    assert.deepEqual(
      oap.segments.map((s) => [s.traceId, s.traceSegmentId]),
      [[EDGE_TRACE_ID, EDGE_SEGMENT_ID]],
    );
    oap.segments.length = 0;
  });

  test('a RatelimitExceeded event is tagged 429, html/template escapes (&#43;) in the request are undone', async () => {
    const segmentId = 'ffffffffffffffffffffffffffffff01';
    // A client sw8 whose base64 has '+' (html/template writes it as &#43;) and an endpoint with '&'.
    const parent = edgeSw8({ traceId: EDGE_TRACE_ID, parentSegmentId: 'c'.repeat(32), parentSpanId: 2, parentService: 'app>>', parentEndpoint: '/a?b&c' });
    const body = rejectedWebhookBody({
      event: 'RatelimitExceeded',
      at: Date.now(),
      method: 'GET',
      headers: edgeHeaders({ start: Date.now() - 3, key: SECRET, sw8: edgeSw8({ parentSegmentId: segmentId }), parent, apiId: 'keyed-api' }),
    });
    assert.match(body, /&#43;|&amp;|&gt;/, 'the body carries html/template escapes');
    const answer = await post(bff, body);
    assert.equal(answer.status, 202);
    await bff.reporter.flush();
    const span = oap.segments.find((s) => s.traceSegmentId === segmentId)!.spans[0];
    assert.deepEqual(
      span.tags.find((t) => t.key === 'http.status_code'),
      { key: 'http.status_code', value: '429' },
    );
    assert.equal(span.refs.length, 1);
    assert.equal(span.refs[0].parentService, 'app>>');
    assert.equal(span.refs[0].parentEndpoint, '/a?b&c');
    oap.segments.length = 0;
  });

  test('BreakerTriggered (no request in it) is logged and counted, not traced', async () => {
    const answer = await post(bff, breakerWebhookBody(Date.now()));
    assert.equal(answer.status, 202);
    assert.deepEqual((await answer.json()) as unknown, { event: 'BreakerTriggered', traced: false });
    await bff.reporter.flush();
    assert.equal(oap.segments.length, 0);
    assert.equal(await metric(bff, 'logged', 'BreakerTriggered'), 1);
    assert.ok(bff.logs.some((l) => l.msg === 'gateway circuit breaker' && l.apiId === 'keyed-api'));
  });
});

test('EDGE_SHARED_SECRET unset: every webhook is 403 BFF_ERR_EDGE_DISABLED and nothing is stored', async () => {
  const oap = recordingSender();
  const bff = await startTestBff({ send: oap.send });
  try {
    for (const headers of [{}, { 'x-sw-edge-key': '' }, { 'x-sw-edge-key': 'anything' }] as Record<string, string>[]) {
      const answer = await post(bff, rejectedWebhookBody({ at: Date.now(), headers: edgeHeaders({ start: Date.now() - 5 }) }), headers);
      assert.equal(answer.status, 403);
      assert.equal(((await answer.json()) as Record<string, any>).code, 'BFF_ERR_EDGE_DISABLED');
    }
    await bff.reporter.flush();
    assert.equal(oap.posts, 0);
    assert.equal(await metric(bff, 'disabled', 'unknown'), 3);
  } finally {
    await bff.stop();
  }
});
