// The store keeps at most maxTraces traces and maxSpans spans, evicting the oldest trace whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceStore } from '../../collector/server/store';
import { healthyChain, segment, span } from './segment-factory';

test('the oldest trace is evicted whole when maxTraces is passed, and the count is exposed', () => {
  const store = new TraceStore({ maxTraces: 2 });
  for (const id of ['a', 'b', 'c']) for (const s of healthyChain(id)) store.addSegment(s, 'http');
  assert.deepEqual(store.traceIds(), ['b', 'c']);
  const stats = store.stats();
  assert.equal(stats.traces, 2);
  assert.equal(stats.segments, 6);
  assert.equal(stats.spans, 14);
  assert.deepEqual(stats.evicted, { traces: 1, segments: 3, spans: 7 });
  assert.equal(stats.received.segments, 9);
});

test('the oldest traces are evicted when maxSpans is passed; a lone oversized trace is kept', () => {
  const store = new TraceStore({ maxSpans: 10 });
  for (const s of healthyChain('a')) store.addSegment(s, 'grpc'); // 7 spans
  for (const s of healthyChain('b')) store.addSegment(s, 'grpc'); // 14 in all -> 'a' goes
  assert.deepEqual(store.traceIds(), ['b']);
  assert.equal(store.stats().spans, 7);
  const big = segment({ traceId: 'big', traceSegmentId: 'big-1', spans: Array.from({ length: 12 }, (_, i) => span({ spanId: i })) });
  store.addSegment(big, 'grpc');
  assert.deepEqual(store.traceIds(), ['big']);
  assert.equal(store.stats().evicted.traces, 2);
});

test('a segment without spans is dropped like OAP does, and counted', () => {
  const store = new TraceStore();
  store.addSegment(segment({ traceSegmentId: 'empty', spans: [] }), 'http');
  assert.equal(store.stats().traces, 0);
  assert.equal(store.stats().droppedEmptySegments, 1);
});

test('a segment reported twice replaces the first copy instead of doubling the spans', () => {
  const store = new TraceStore();
  const [gw] = healthyChain('dup');
  store.addSegment(gw, 'http');
  store.addSegment(gw, 'http');
  assert.equal(store.getTrace('dup')!.segments.length, 1);
  assert.equal(store.stats().spans, 3);
  assert.equal(store.stats().replacedSegments, 1);
});

test('listTraces gives the newest first with root endpoint, services in call order, duration and error', () => {
  const store = new TraceStore();
  for (const s of healthyChain('old', 1_700_000_000_000)) store.addSegment(s, 'http');
  const chain = healthyChain('new', 1_700_000_100_000);
  chain[2].spans[0].isError = true;
  for (const s of chain.reverse()) store.addSegment(s, 'http');
  const [first, second] = store.listTraces();
  assert.deepEqual(first, {
    traceId: 'new',
    rootEndpoint: 'POST:/inference/api/v1/classify',
    rootService: 'tyk-gateway',
    services: ['tyk-gateway', 'bff', 'model-server'],
    startTime: 1_700_000_100_000,
    duration: 100,
    error: true,
    segments: 3,
    spans: 7,
  });
  assert.equal(second.traceId, 'old');
  assert.equal(second.error, false);
});
