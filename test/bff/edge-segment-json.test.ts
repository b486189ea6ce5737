/** The gateway's segment, exactly the table in docs/architecture.md, as the JSON `POST /v3/segments` carries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEdgeHeaders } from '../../bff/edge-segment/read-edge-headers';
import { buildEdgeSegment } from '../../trace/edge-segment';
import { encodeSegment } from '../../trace/segment';
import { clientSw8, edgeHeaders, edgeSw8, EDGE_SEGMENT_ID, EDGE_TRACE_ID, CLIENT_SEGMENT_ID } from '../../testkit/edge-headers';

const T0 = 1_764_000_000_000;

function segmentJson(headers: Record<string, string>, bff = { arrivedAt: T0 + 10, endedAt: T0 + 60, status: 200, method: 'POST' }) {
  const read = readEdgeHeaders(headers, undefined);
  assert.ok(read.ok, 'edge headers accepted');
  return JSON.parse(encodeSegment(buildEdgeSegment(read.edge, bff)));
}

const span = (fields: Record<string, unknown>) => ({
  refs: [],
  peer: '',
  spanLayer: 'Http',
  componentId: 49,
  isError: false,
  tags: [],
  logs: [],
  skipAnalysis: false,
  ...fields,
});

test('continued trace: span 0 refers to the client sw8 from x-sw-edge-parent', () => {
  const json = segmentJson(edgeHeaders({ start: T0, post: T0 + 4, apiId: 'classify-api', parent: clientSw8() }));
  assert.deepEqual(json, {
    traceId: EDGE_TRACE_ID,
    traceSegmentId: EDGE_SEGMENT_ID,
    spans: [
      span({
        spanId: 0,
        parentSpanId: -1,
        startTime: T0,
        endTime: T0 + 60,
        refs: [
          {
            refType: 'CrossProcess',
            traceId: EDGE_TRACE_ID,
            parentTraceSegmentId: CLIENT_SEGMENT_ID,
            parentSpanId: 3,
            parentService: 'web-frontend',
            parentServiceInstance: 'browser-1',
            parentEndpoint: '/checkout',
            networkAddressUsedAtPeer: 'gateway.example:8080',
          },
        ],
        operationName: 'POST:/inference/api/v1/classify',
        spanType: 'Entry',
        tags: [
          { key: 'http.method', value: 'POST' },
          { key: 'http.status_code', value: '200' },
          { key: 'tyk.api_id', value: 'classify-api' },
        ],
      }),
      span({
        spanId: 1,
        parentSpanId: 0,
        startTime: T0 + 4,
        endTime: T0 + 60,
        operationName: 'POST:/inference/api/v1/classify',
        peer: 'tyk-upstream-classify',
        spanType: 'Exit',
      }),
      span({ spanId: 2, parentSpanId: 0, startTime: T0, endTime: T0 + 4, operationName: 'tyk/middleware', spanType: 'Local' }),
    ],
    service: 'tyk-gateway',
    serviceInstance: 'tyk',
    isSizeLimited: false,
  });
});

test('new trace: no x-sw-edge-parent, no refs; everything else from sw8', () => {
  const json = segmentJson(edgeHeaders({ start: T0, post: T0 + 2, sw8: edgeSw8({ parentService: 'edge-eu', parentServiceInstance: 'gw-7' }) }));
  assert.equal(json.service, 'edge-eu');
  assert.equal(json.serviceInstance, 'gw-7');
  assert.deepEqual(
    json.spans.map((s: any) => s.refs),
    [[], [], []],
  );
  assert.deepEqual(json.spans[0].tags, [
    { key: 'http.method', value: 'POST' },
    { key: 'http.status_code', value: '200' },
  ]);
});

test('the exit span peer equals sw8 field 8 byte for byte', () => {
  // Every printable ASCII character the sw8 rule lets through, base64's own included.
  const peer = 'tyk-upstream-%C3%A4pi:8080/x?y=1 +/=~`"\'';
  const json = segmentJson(edgeHeaders({ start: T0, post: T0 + 1, sw8: edgeSw8({ networkAddressUsedAtPeer: peer }) }));
  assert.equal(json.spans[1].peer, peer);
  assert.ok(Buffer.from(json.spans[1].peer).equals(Buffer.from(peer)));
});

test('the exit span is span 1, the span the edge names in sw8 (the BFF entry ref points here)', () => {
  const json = segmentJson(edgeHeaders({ start: T0, post: T0 + 1 }));
  const exit = json.spans.find((s: any) => s.spanType === 'Exit');
  assert.equal(exit.spanId, 1);
  assert.equal(json.traceSegmentId, edgeSw8().parentSegmentId);
});

test('status >= 500 marks span 0 and the exit span as errors; 4xx does not', () => {
  const five = segmentJson(edgeHeaders({ start: T0, post: T0 + 1 }), { arrivedAt: T0 + 2, endedAt: T0 + 9, status: 502, method: 'POST' });
  assert.deepEqual(
    five.spans.map((s: any) => s.isError),
    [true, true, false],
  );
  assert.deepEqual(five.spans[0].tags[1], { key: 'http.status_code', value: '502' });
  const four = segmentJson(edgeHeaders({ start: T0, post: T0 + 1 }), { arrivedAt: T0 + 2, endedAt: T0 + 9, status: 413, method: 'POST' });
  assert.deepEqual(
    four.spans.map((s: any) => s.isError),
    [false, false, false],
  );
});

test('edge clock ahead of the BFF: edge times clamped to the BFF arrival, span 0 tagged clock.skew_ms', () => {
  // Edge says post happened 30 ms after the BFF got the request: impossible, so its clock is ahead.
  const json = segmentJson(edgeHeaders({ start: T0 + 25, post: T0 + 40 }), { arrivedAt: T0 + 10, endedAt: T0 + 60, status: 200, method: 'POST' });
  assert.equal(json.spans[0].startTime, T0 + 10);
  assert.equal(json.spans[1].startTime, T0 + 10);
  assert.equal(json.spans[2].startTime, T0 + 10);
  assert.equal(json.spans[2].endTime, T0 + 10);
  assert.deepEqual(json.spans[0].tags.at(-1), { key: 'clock.skew_ms', value: '30' });
});

test('no skew: no clock.skew_ms tag', () => {
  const json = segmentJson(edgeHeaders({ start: T0, post: T0 + 10 }));
  assert.ok(!json.spans[0].tags.some((t: any) => t.key === 'clock.skew_ms'));
});

test('a backwards x-sw-edge-post: no tyk/middleware span (the gateway time is unknown), counted as a warning', () => {
  const read = readEdgeHeaders(edgeHeaders({ start: T0, post: T0 - 5 }), undefined);
  assert.ok(read.ok);
  assert.deepEqual(read.edge.warnings, ['badPost']);
  const seg = buildEdgeSegment(read.edge, { arrivedAt: T0 + 1, endedAt: T0 + 9, status: 200, method: 'POST' });
  assert.deepEqual(
    seg.spans.map((span) => span.spanId),
    [0, 1],
  );
  assert.equal(seg.spans[1].startTime, T0);
  assert.equal(seg.spans[1].endTime, T0 + 9);
});

test('no x-sw-edge-post (the pre-only bundle): entry and exit from edge start, no tyk/middleware span, no warning', () => {
  const read = readEdgeHeaders(edgeHeaders({ start: T0 }), undefined);
  assert.ok(read.ok);
  assert.deepEqual(read.edge.warnings, []);
  const seg = buildEdgeSegment(read.edge, { arrivedAt: T0 + 1, endedAt: T0 + 9, status: 200, method: 'POST' });
  assert.deepEqual(
    seg.spans.map((span) => [span.spanId, span.spanType, span.startTime, span.endTime]),
    [
      [0, 'Entry', T0, T0 + 9],
      [1, 'Exit', T0, T0 + 9],
    ],
  );
  assert.ok(!seg.spans.some((span) => span.operationName === 'tyk/middleware'));
});
