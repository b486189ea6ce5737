/**
 * Through the running BFF: a request with the edge's headers makes the gateway's segment arrive at
 * the collector's `POST /v3/segments`; malformed or untrusted headers make none, are counted in
 * /metrics, and never fail the request.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestBff, type TestBff } from './helpers/bff';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { fakePng } from '../../testkit/images';
import { edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';
import { startTestCollector, waitForSegments, type RunningCollector } from '../helpers/collector';
import { randomBytes } from 'node:crypto';

let model: ModelStandIn;
let collector: RunningCollector;
let bff: TestBff;
let guarded: TestBff;

before(async () => {
  model = await startModelStandIn();
  collector = await startTestCollector();
  bff = await startTestBff({ modelUrl: model.url, oapHttpUrl: collector.httpUrl, edgeReportIntervalMs: 50 });
  guarded = await startTestBff({ modelUrl: model.url, oapHttpUrl: collector.httpUrl, edgeReportIntervalMs: 50, edgeSharedSecret: 'edge-secret' });
});
after(async () => {
  await bff.stop();
  await guarded.stop();
  await collector.stop();
  await model.close();
});

const newIds = () => ({ traceId: randomBytes(16).toString('hex'), parentSegmentId: randomBytes(16).toString('hex') });
const classify = (target: TestBff, headers: Record<string, string>) =>
  request(target.address).post('/api/v1/classify').set(headers).attach('image', fakePng(5000), 'a.png');

test('a request through the edge: the edge segment arrives with its three spans, ending after the BFF answered', async () => {
  const ids = newIds();
  const start = Date.now() - 10;
  const before = Date.now();
  await classify(bff, edgeHeaders({ start, post: start + 3, apiId: 'api-1', sw8: edgeSw8(ids) })).expect(200);
  const answered = Date.now();
  const segments = await waitForSegments(collector, (all) => all.some((s) => s.traceSegmentId === ids.parentSegmentId));
  const seg = segments.find((s) => s.traceSegmentId === ids.parentSegmentId)!;
  assert.equal(seg.traceId, ids.traceId);
  assert.equal(seg.service, 'tyk-gateway');
  assert.deepEqual(seg.spans.map((s) => [s.spanId, s.spanType, s.operationName]).sort(), [
    [0, 'Entry', 'POST:/inference/api/v1/classify'],
    [1, 'Exit', 'POST:/inference/api/v1/classify'],
    [2, 'Local', 'tyk/middleware'],
  ]);
  const entry = seg.spans.find((s) => s.spanId === 0)!;
  assert.equal(entry.startTime, start);
  assert.ok(entry.endTime >= before && entry.endTime <= answered + 5, 'span 0 ends when the BFF response ends');
  assert.deepEqual(
    entry.tags.find((t) => t.key === 'http.status_code'),
    { key: 'http.status_code', value: '200' },
  );
});

test('a BFF error answer is the edge status too: 415 tagged, not an error span', async () => {
  const ids = newIds();
  const start = Date.now();
  await request(bff.address)
    .post('/api/v1/classify')
    .set(edgeHeaders({ start, post: start, sw8: edgeSw8(ids) }))
    .attach('image', Buffer.from('not an image'), 'a.png')
    .expect(415);
  const segments = await waitForSegments(collector, (all) => all.some((s) => s.traceSegmentId === ids.parentSegmentId));
  const entry = segments.find((s) => s.traceSegmentId === ids.parentSegmentId)!.spans.find((s) => s.spanId === 0)!;
  assert.deepEqual(entry.tags.find((t) => t.key === 'http.status_code')?.value, '415');
  assert.equal(entry.isError, false);
});

test('malformed sw8 from the edge: the request still succeeds, no segment, counted as badSw8', async () => {
  const headers = { ...edgeHeaders({ start: Date.now() }), sw8: '1-garbage' };
  await classify(bff, headers).expect(200);
  const metrics = await request(bff.address).get('/metrics').expect(200);
  assert.match(metrics.text, /bff_edge_segments_skipped_total\{reason="badSw8"\} 1/);
});

test('EDGE_SHARED_SECRET set: a wrong key gives no segment and a keyMismatch count; the request succeeds', async () => {
  const ids = newIds();
  const start = Date.now();
  const forged = await classify(guarded, edgeHeaders({ start, post: start + 7, sw8: edgeSw8(ids), key: 'guess' })).expect(200);
  assert.doesNotMatch(String(forged.headers['server-timing']), /edge;/, 'untrusted edge times are not reported');
  // The right key on the same BFF proves segments do flow; the wrong one must not have produced one.
  const ok = newIds();
  const trusted = await classify(guarded, edgeHeaders({ start, post: start + 7, sw8: edgeSw8(ok), key: 'edge-secret' })).expect(200);
  assert.match(String(trusted.headers['server-timing']), /^edge;dur=7, /);
  const segments = await waitForSegments(collector, (all) => all.some((s) => s.traceSegmentId === ok.parentSegmentId));
  assert.ok(!segments.some((s) => s.traceSegmentId === ids.parentSegmentId));
  assert.equal(guarded.reporter.stats().skipped.keyMismatch, 1);
});

test('requests without edge headers make no edge segment', async () => {
  const built = bff.reporter.stats().built;
  await request(bff.address).post('/api/v1/classify').attach('image', fakePng(100), 'a.png').expect(200);
  assert.equal(bff.reporter.stats().built, built);
});
