/**
 * Issue 9 §3, forged gateway segments: edge times outside EDGE_CLOCK_WINDOW_MS of the BFF's own
 * clock make no gateway segment (before the fix `x-sw-edge-start: 1` gave a segment that started in
 * 1970 and lasted 56 years), a warning line and a count; the request itself is served.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startTestBff, type TestBff } from './helpers/bff';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { fakePng } from '../../testkit/images';
import { edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';
import { startTestCollector, waitForSegments, type RunningCollector } from '../helpers/collector';
import { readEdgeHeaders } from '../../bff/edge-segment/read-edge-headers';

const WINDOW_MS = 5000;
let model: ModelStandIn;
let collector: RunningCollector;
let bff: TestBff;

before(async () => {
  model = await startModelStandIn();
  collector = await startTestCollector();
  bff = await startTestBff({ modelUrl: model.url, oapHttpUrl: collector.httpUrl, edgeReportIntervalMs: 50, edgeClockWindowMs: WINDOW_MS });
});
after(async () => {
  await bff.stop();
  await collector.stop();
  await model.close();
});

const T0 = 1_764_000_000_000;
const clockCases: [string, Record<string, string>][] = [
  ['startIn1970', edgeHeaders({ start: 1 })],
  ['startAnHourAgo', edgeHeaders({ start: T0 - 3_600_000 })],
  ['startAnHourAhead', edgeHeaders({ start: T0 + 3_600_000 })],
  ['postAnHourAfterStart', edgeHeaders({ start: T0, post: T0 + 3_600_000 })],
  ['startJustOutsideTheWindow', edgeHeaders({ start: T0 - WINDOW_MS - 1 })],
];
for (const [name, headers] of clockCases) {
  test(`${name}: refused as implausibleTime`, () => {
    const read = readEdgeHeaders(headers, undefined, { reference: T0, windowMs: WINDOW_MS });
    assert.equal(read.ok, false);
    if (!read.ok) assert.equal(read.reason, 'implausibleTime', read.detail);
  });
}

test('edge times at the window edge are used', () => {
  assert.ok(readEdgeHeaders(edgeHeaders({ start: T0 - WINDOW_MS, post: T0 - WINDOW_MS + 3 }), undefined, { reference: T0, windowMs: WINDOW_MS }).ok);
});

const skippedImplausible = async (): Promise<number> => {
  const text = (await request(bff.address).get('/metrics')).text;
  return Number(/^bff_edge_segments_skipped_total\{reason="implausibleTime"\} (\d+)$/m.exec(text)?.[1] ?? 0);
};

test('x-sw-edge-start: 1 through the BFF: served, no gateway segment, a warning, a count', async () => {
  const forged = { traceId: randomBytes(16).toString('hex'), parentSegmentId: randomBytes(16).toString('hex') };
  const honest = { traceId: randomBytes(16).toString('hex'), parentSegmentId: randomBytes(16).toString('hex') };
  const before = await skippedImplausible();
  const res = await request(bff.address)
    .post('/api/v1/classify')
    .set(edgeHeaders({ start: 1, post: 2, sw8: edgeSw8(forged) }))
    .attach('image', fakePng(500), 'a.png');
  assert.equal(res.status, 200);
  assert.equal(res.headers['server-timing']?.includes('edge;'), false, 'no edge duration from forged times');
  // A request sent after it with honest times: once its segment is in, the forged one would be too.
  const now = Date.now();
  await request(bff.address)
    .post('/api/v1/classify')
    .set(edgeHeaders({ start: now, post: now + 1, sw8: edgeSw8(honest) }))
    .attach('image', fakePng(500), 'a.png')
    .expect(200);
  const segments = await waitForSegments(collector, (all) => all.some((s) => s.traceSegmentId === honest.parentSegmentId));
  assert.ok(!segments.some((s) => s.traceSegmentId === forged.parentSegmentId), 'a gateway segment was built from forged times');
  assert.equal((await skippedImplausible()) - before, 1);
  assert.ok(
    bff.logs.some((l) => l.reason === 'implausibleTime' && l.level === 40),
    'a warning line',
  );
});
