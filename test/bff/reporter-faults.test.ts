/**
 * The edge segment reporter under every fault of its one dependency, OAP's HTTP API: queue bound,
 * refused (collector down, then back), 503, 400, no answer, and the flush on shutdown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EdgeSegmentReporter } from '../../bff/edge-segment/reporter';
import { oapSender } from '../../bff/oap-http/send';
import { createSegment, type Segment } from '../../trace/segment';
import { createSpan } from '../../trace/span';
import { startFaultOap } from './helpers/fault-oap';
import { CLOSED_PORT } from '../helpers/closed-port';
import { poll } from '../../testkit/poll';
import { startTestCollector } from '../helpers/collector';
import { backoffDelayMs } from '../../bff/oap-http/retry';

function segment(n: number): Segment {
  const id = n.toString(16).padStart(32, '0');
  return createSegment({
    traceId: id,
    traceSegmentId: id,
    service: 'tyk-gateway',
    serviceInstance: 'tyk',
    spans: [createSpan({ spanId: 0, parentSpanId: -1, spanType: 'Entry', operationName: 'GET:/x', startTime: 1, endTime: 2 })],
  });
}

test('the queue keeps the newest segments: beyond its bound the oldest are dropped and counted', async () => {
  const oap = await startFaultOap();
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: oap.url, intervalMs: 60_000, queue: { maxItems: 3 }, batchMax: 100 });
  try {
    for (let i = 1; i <= 5; i++) reporter.report(segment(i));
    assert.equal(reporter.stats().queued, 3);
    assert.equal(reporter.stats().dropped, 2);
    await reporter.flush();
    const sent = oap.requests.flatMap((r) => r.body as Segment[]).map((s) => parseInt(s.traceSegmentId, 16));
    assert.deepEqual(sent, [3, 4, 5]);
    assert.equal(oap.requests[0].path, '/v3/segments');
    assert.equal(oap.requests[0].headers['content-type'], 'application/json');
  } finally {
    await oap.close();
  }
});

test('batches hold at most EDGE_BATCH_MAX segments', async () => {
  const oap = await startFaultOap();
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: oap.url, intervalMs: 60_000, queue: { maxItems: 100 }, batchMax: 4 });
  try {
    for (let i = 1; i <= 10; i++) reporter.report(segment(i));
    await reporter.flush();
    assert.deepEqual(
      oap.requests.map((r) => (r.body as Segment[]).length),
      [4, 4, 2],
    );
  } finally {
    await oap.close();
  }
});

test('collector down: segments stay queued, attempts back off, and all arrive once it is back', async () => {
  // Down means every connection is reset; the port stays ours, so nothing else can take it meanwhile.
  const oap = await startFaultOap('reset');
  const errors: string[] = [];
  const reporter = new EdgeSegmentReporter({
    oapHttpUrl: oap.url,
    intervalMs: 20,
    queue: { maxItems: 100 },
    batchMax: 100,
    onError: (e) => errors.push(e),
  });
  for (let i = 1; i <= 3; i++) reporter.report(segment(i));
  const started = Date.now();
  reporter.start();
  try {
    await poll(
      () => reporter.stats().failedAttempts >= 4,
      () => JSON.stringify(reporter.stats()),
      'four failed attempts',
    );
    // Without backoff, 4 attempts every 20 ms take ~80 ms; with it, the gaps are 20, 40, 80 ms after the first.
    assert.ok(Date.now() - started >= 140, `4 attempts in ${Date.now() - started} ms: no backoff`);
    assert.equal(reporter.stats().queued, 3, 'nothing lost while down');
    assert.equal(reporter.stats().sent, 0);
    assert.match(errors[0], /ECONNRESET|socket hang up/);
    assert.equal(oap.requests.length, 0, 'no request got through while down');
    oap.fault = 'ok';
    await poll(
      () => reporter.stats().sent === 3,
      () => JSON.stringify(reporter.stats()),
      'three segments sent',
    );
    const sent = oap.requests.flatMap((r) => r.body as { traceSegmentId: string }[]);
    assert.deepEqual(sent.map((s) => parseInt(s.traceSegmentId, 16)).sort(), [1, 2, 3]);
    assert.equal(reporter.stats().consecutiveFailures, 0);
    assert.equal(reporter.stats().queued, 0);
  } finally {
    reporter.stop();
    await oap.close();
  }
});

test('backoff doubles from the interval up to a cap', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000)),
    [0, 1000, 2000, 4000, 8000],
  );
  assert.equal(backoffDelayMs(50, 1000), 30_000);
});

test('OAP answers 503: the batch is kept and retried', async () => {
  const oap = await startFaultOap('status503');
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: oap.url, intervalMs: 60_000, queue: { maxItems: 10 }, batchMax: 10 });
  try {
    reporter.report(segment(1));
    await reporter.tick();
    assert.equal(reporter.stats().queued, 1);
    assert.equal(reporter.stats().failedAttempts, 1);
    oap.fault = 'ok';
    await reporter.flush();
    assert.equal(reporter.stats().sent, 1);
    assert.deepEqual(
      oap.requests.map((r) => r.fault),
      ['status503', 'ok'],
    );
  } finally {
    await oap.close();
  }
});

test('OAP answers 400: the batch is dropped as rejected, not retried forever', async () => {
  const oap = await startFaultOap('status400');
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: oap.url, intervalMs: 60_000, queue: { maxItems: 10 }, batchMax: 10 });
  try {
    reporter.report(segment(1));
    await reporter.flush();
    assert.equal(reporter.stats().queued, 0);
    assert.equal(reporter.stats().rejected, 1);
    assert.equal(oap.requests.length, 1);
  } finally {
    await oap.close();
  }
});

test('OAP accepts the connection but never answers: the send times out and the batch is kept', async () => {
  const oap = await startFaultOap('hang');
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: oap.url, intervalMs: 60_000, queue: { maxItems: 10 }, batchMax: 10, send: oapSender(oap.url, 200) });
  try {
    reporter.report(segment(1));
    const started = Date.now();
    await reporter.tick();
    assert.ok(Date.now() - started < 2000);
    assert.equal(reporter.stats().queued, 1);
    assert.equal(reporter.stats().failedAttempts, 1);
  } finally {
    await oap.close();
  }
});

test('flush on shutdown: queued segments are sent even though the next tick is a minute away', async () => {
  const collector = await startTestCollector();
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: collector.httpUrl, intervalMs: 60_000, queue: { maxItems: 10 }, batchMax: 10 });
  reporter.start();
  try {
    reporter.report(segment(7));
    reporter.stop();
    await reporter.flush(2000);
    assert.equal(collector.store.allSegments().length, 1);
  } finally {
    await collector.stop();
  }
});

test('flush on shutdown with OAP down: one refused try, then it returns and the segment is still counted as queued', async () => {
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: `http://${CLOSED_PORT}`, intervalMs: 60_000, queue: { maxItems: 10 }, batchMax: 10 });
  reporter.report(segment(1));
  const started = Date.now();
  await reporter.flush(500);
  assert.ok(Date.now() - started < 1500);
  assert.equal(reporter.stats().queued, 1);
});
