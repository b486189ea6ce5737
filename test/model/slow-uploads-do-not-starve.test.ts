// Issue 9 §5: 70 clients uploading at ~200 bytes/s (more than the 64 queue places) must not take
// inference capacity from fast clients: a queue place is taken only by a received, decoded image,
// and a body below MODEL_BODY_MIN_RATE after the grace period gets 408 MODEL_ERR_BODY_TOO_SLOW.
// The share of fast requests served during the slow uploads is printed (no timed assertion).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelServer } from '../../model/server';
import { jpeg, photoLike } from '../../testkit/images';
import { post, trickle } from '../../testkit/raw-http';
import { startTestServer } from './helpers/server';

const SLOW = 70;
let server: ModelServer;

before(async () => {
  server = await startTestServer({ maxQueue: 64, maxBatch: 1, bodyMinBytesPerSecond: 1024, bodyRateGraceMs: 3000, bodyIdleTimeoutMs: 10_000 });
  await server.ready;
});

after(async () => {
  await server?.stop();
});

describe('slow uploads', () => {
  it('leave the queue to fast clients, are cut with 408, and readiness stays true', async () => {
    const image = await jpeg(photoLike(320, 240, 11));
    let slowLeft = SLOW;
    const slow = Array.from({ length: SLOW }, () => trickle(server.address, image, { chunk: 50, everyMs: 250 }).finally(() => slowLeft--));
    // Fast clients, one after another, for as long as every slow upload is still going.
    const fast: number[] = [];
    const readiness: number[] = [];
    while (slowLeft === SLOW) {
      fast.push((await post(server.address, image)).status);
      readiness.push((await fetch(`${server.address}/readyz`)).status);
    }
    const slowAnswers = await Promise.all(slow);
    const served = fast.filter((s) => s === 200).length;
    console.log(`# fast requests served during ${SLOW} slow uploads: ${served}/${fast.length} (${((100 * served) / fast.length).toFixed(1)} %)`);
    assert.ok(fast.length >= 1, 'fast requests ran while the slow uploads were active');
    assert.deepEqual(fast, Array(fast.length).fill(200));
    assert.deepEqual(readiness, Array(readiness.length).fill(200));
    for (const a of slowAnswers) {
      assert.equal(a.status, 408, JSON.stringify(a.json));
      assert.equal(a.json.code, 'MODEL_ERR_BODY_TOO_SLOW');
      assert.equal(a.json.detail.rule, 'rate');
      assert.equal(typeof a.json.error, 'string');
      assert.ok('traceId' in a.json);
      assert.equal(a.headers.connection, 'close');
    }
    assert.equal(server.pool()!.stats().admitted, 0, 'no queue place is left held');
  });

  it('a body that stops arriving is cut after MODEL_BODY_IDLE_TIMEOUT_MS', async () => {
    const idle = await startTestServer({ bodyIdleTimeoutMs: 500, bodyMinBytesPerSecond: 0 });
    try {
      await idle.ready;
      const image = await jpeg(photoLike(320, 240, 12));
      const a = await trickle(idle.address, image, { chunk: 1000, everyMs: 10, stallAfter: 3000 });
      assert.equal(a.status, 408);
      assert.equal(a.json.code, 'MODEL_ERR_BODY_TOO_SLOW');
      assert.deepEqual({ rule: a.json.detail.rule, received: a.json.detail.received }, { rule: 'idle', received: 3000 });
      assert.equal((await post(idle.address, image)).status, 200, 'still serving');
    } finally {
      await idle.stop();
    }
  });
});
