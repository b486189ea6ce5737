/**
 * Issue 14, part 5: under load the reporter sends one POST per full batch, not one per round trip,
 * and drops nothing while the queue is within its bounds, even though the timer is far away.
 * The sender is a stand-in with a fixed round trip so the queue really fills while a POST is out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchReporter } from '../../bff/oap-http/batch-reporter';
import type { Sender } from '../../bff/oap-http/send';

function slowSender(roundTripMs: number): { send: Sender; batches: number[][]; maxInFlight: number } {
  let inFlight = 0;
  const state = {
    batches: [] as number[][],
    maxInFlight: 0,
    send: (async (_path: string, body: string) => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, roundTripMs));
      state.batches.push(JSON.parse(body) as number[]);
      inFlight--;
      return { kind: 'ok', status: 200 };
    }) as Sender,
  };
  return state;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a steady flood below the queue bound: every item arrives, in order, in full batches, one POST at a time', async () => {
  const oap = slowSender(5);
  // The timer is a minute away: only full batches can go out before the final flush.
  const reporter = new BatchReporter<number>({
    path: '/v3/segments',
    send: oap.send,
    encode: (n) => String(n),
    intervalMs: 60_000,
    queue: { maxItems: 300 },
    batchMax: 100,
  });
  reporter.start();
  let next = 0;
  // 2,000 items in bursts of 10 every 2 ms: several bursts per round trip, a full batch every ~20 ms;
  // the queue outgrows one batch while a POST is out, never the bound.
  for (let burst = 0; burst < 200; burst++) {
    for (let i = 0; i < 10; i++) reporter.add(next++);
    await sleep(2);
  }
  reporter.stop();
  await reporter.flush(5000);
  const stats = reporter.stats();
  assert.equal(stats.dropped, 0, 'nothing dropped below the bound');
  assert.equal(stats.sent, 2000);
  assert.deepEqual(
    oap.batches.flat(),
    Array.from({ length: 2000 }, (_, i) => i),
  );
  assert.equal(oap.maxInFlight, 1);
  assert.equal(stats.posts, oap.batches.length);
  // Every POST but the flush's last one carried a full batch.
  assert.ok(
    oap.batches.slice(0, -1).every((b) => b.length === 100),
    JSON.stringify(oap.batches.map((b) => b.length)),
  );
  assert.equal(oap.batches.length, 20);
});

test('a trickle waits for the timer and goes out as one POST per tick, not one per item', async () => {
  const oap = slowSender(1);
  const reporter = new BatchReporter<number>({
    path: '/v3/logs',
    send: oap.send,
    encode: (n) => String(n),
    intervalMs: 60_000,
    queue: { maxItems: 1000 },
    batchMax: 100,
  });
  reporter.start();
  for (let i = 0; i < 30; i++) reporter.add(i);
  assert.equal(oap.batches.length + reporter.stats().posts, 0, 'no POST before a full batch or a tick');
  await reporter.tick();
  assert.deepEqual(
    oap.batches.map((b) => b.length),
    [30],
  );
  reporter.stop();
});

test('past the bound the oldest are dropped and counted, never more than the excess', async () => {
  const oap = slowSender(50);
  const reporter = new BatchReporter<number>({
    path: '/v3/segments',
    send: oap.send,
    encode: (n) => String(n),
    intervalMs: 60_000,
    queue: { maxItems: 150 },
    batchMax: 100,
  });
  reporter.start();
  // One full batch leaves at once (100); while it is out 300 more arrive: 150 fit, 150 are dropped.
  for (let i = 0; i < 400; i++) reporter.add(i);
  reporter.stop();
  await reporter.flush(5000);
  const stats = reporter.stats();
  assert.equal(stats.dropped, 150);
  assert.equal(stats.sent, 250);
  assert.deepEqual(oap.batches.flat(), [...Array.from({ length: 100 }, (_, i) => i), ...Array.from({ length: 150 }, (_, i) => 250 + i)]);
});
