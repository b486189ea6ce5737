// Stopping the server while a worker still runs a batch (a drain that timed out) must not take the
// process down: onnxruntime aborts the process when its thread is terminated mid-run, so the pool
// lets the running batch finish before it terminates the workers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './helpers/server';

describe('closing the pool', () => {
  it('lets the running batch finish, fails the queued ones, and the process lives on', async () => {
    const server = await startTestServer({ maxBatch: 1 });
    await server.ready;
    const pool = server.pool()!;
    const [h, w, c] = pool.info.inputShape;
    const running = pool.reserve()!.submit(new Uint8Array(h * w * c));
    const queued = pool.reserve()!.submit(new Uint8Array(h * w * c));
    assert.equal(pool.stats().busyWorkers, 1, 'the first image is on the worker');
    const outcomes = Promise.allSettled([running.done, queued.done]);
    await server.stop();
    const [r, q] = await outcomes;
    assert.equal(r.status, 'fulfilled');
    assert.equal(q.status, 'rejected');
  });
});
