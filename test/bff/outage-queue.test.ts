/**
 * Issue 9 §10: the reporters' queue is sized by time, not count. A 25 s collector outage at 40 req/s
 * (1,000 segments, which the old count bound of 1,000 started dropping) and the same outage at ten
 * times the rate both lose nothing; only segments older than the window, or past the byte bound, go.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutageQueue } from '../../bff/oap-http/queue';
import { BatchReporter } from '../../bff/oap-http/batch-reporter';
import type { Sender } from '../../bff/oap-http/send';

const SEGMENT = JSON.stringify({ traceId: 'x'.repeat(32), spans: [{ operationName: 'POST:/inference/api/v1/classify' }] });

function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

for (const perSecond of [40, 400]) {
  test(`a 25 s outage at ${perSecond} req/s keeps every segment (600 s window)`, () => {
    const clock = fakeClock();
    const queue = new OutageQueue({ maxAgeMs: 600_000 }, clock.now);
    for (let second = 0; second < 25; second++) {
      for (let i = 0; i < perSecond; i++) queue.push(SEGMENT);
      clock.advance(1000);
    }
    assert.equal(queue.size, 25 * perSecond);
    assert.equal(queue.dropped, 0);
    assert.equal(queue.oldestAgeMs, 25_000);
    assert.equal(queue.sizeBytes, 25 * perSecond * SEGMENT.length);
  });
}

test('segments older than the window are dropped, oldest first, and counted', () => {
  const clock = fakeClock();
  const queue = new OutageQueue({ maxAgeMs: 10_000 }, clock.now);
  queue.push('"first"');
  clock.advance(6000);
  queue.push('"second"');
  clock.advance(5000);
  assert.equal(queue.size, 1);
  assert.equal(queue.dropped, 1);
  assert.deepEqual(
    queue.take(10).map((item) => item.encoded),
    ['"second"'],
  );
});

test('the byte bound holds inside the window: the oldest go first', () => {
  const queue = new OutageQueue({ maxAgeMs: 600_000, maxBytes: 10 * SEGMENT.length });
  for (let i = 0; i < 15; i++) queue.push(SEGMENT);
  assert.equal(queue.size, 10);
  assert.equal(queue.dropped, 5);
  assert.ok(queue.sizeBytes <= 10 * SEGMENT.length);
});

test('a batch put back after a failed send keeps its arrival time, so it still ages out', () => {
  const clock = fakeClock();
  const queue = new OutageQueue({ maxAgeMs: 10_000 }, clock.now);
  queue.push('"a"');
  clock.advance(9000);
  queue.putBack(queue.take(1));
  assert.equal(queue.size, 1);
  clock.advance(2000);
  assert.equal(queue.size, 0);
  assert.equal(queue.dropped, 1);
});

test('bad bounds are refused, not treated as unbounded', () => {
  assert.throws(() => new OutageQueue({ maxAgeMs: 0 }), /maxAgeMs must be positive/);
  assert.throws(() => new OutageQueue({ maxBytes: -1 }), /maxBytes must be positive/);
});

test('the reporter sends what it held through the outage once OAP answers, and reports the age it reached', async () => {
  const clock = fakeClock();
  let up = false;
  const bodies: string[] = [];
  const send: Sender = async (_path, body) => {
    if (!up) return { kind: 'retryable', reason: 'ECONNREFUSED' };
    bodies.push(body);
    return { kind: 'ok', status: 200 };
  };
  const reporter = new BatchReporter<{ n: number }>({
    path: '/v3/segments',
    send,
    encode: (item) => JSON.stringify(item),
    intervalMs: 1000,
    queue: { maxAgeMs: 600_000 },
    batchMax: 500,
    now: clock.now,
  });
  for (let n = 0; n < 1000; n++) {
    reporter.add({ n });
    if (n % 40 === 39) {
      clock.advance(1000);
      await reporter.tick();
    }
  }
  assert.equal(reporter.stats().dropped, 0);
  assert.equal(reporter.stats().queued, 1000);
  assert.equal(reporter.stats().oldestQueuedMs, 25_000);
  up = true;
  await reporter.flush(5000);
  const sent = bodies.flatMap((body) => (JSON.parse(body) as { n: number }[]).map((item) => item.n));
  assert.deepEqual(
    sent,
    Array.from({ length: 1000 }, (_, n) => n),
  );
});
