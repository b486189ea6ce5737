// The pool batches what is queued while a worker is busy or the wait runs, up to MODEL_MAX_BATCH,
// keeps results in order, and runs a profiled image alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InferencePool } from '../../model/pool/pool';
import { noiseBytes } from '../../testkit/images';

let pool: InferencePool;
const batches: number[] = [];

before(async () => {
  pool = await InferencePool.start({
    workers: 1,
    maxBatch: 4,
    maxWaitMs: 40,
    maxQueue: 100,
    settings: { modelDir: null, modelName: null, backend: 'wasm', fold: true, inputRange: [0, 1] },
  });
  pool.onDispatch((n) => batches.push(n));
});

after(async () => {
  await pool?.close();
});

const image = (seed: number): Uint8Array => new Uint8Array(noiseBytes(224 * 224 * 3, seed));

describe('dynamic batching', () => {
  it('waits up to MODEL_MAX_WAIT_MS for a partial batch, then sends what is there', async () => {
    batches.length = 0;
    const jobs = [1, 2, 3].map((s) => pool.reserve()!.submit(image(s)));
    const dispatched = await Promise.all(jobs.map((j) => j.dispatched));
    assert.deepEqual(
      dispatched.map((d) => d.batchSize),
      [3, 3, 3],
    );
    assert.deepEqual(batches, [3]);
    await Promise.all(jobs.map((j) => j.done));
  });

  it('caps batches at MODEL_MAX_BATCH and gives each image its own result', async () => {
    batches.length = 0;
    const alone = await Promise.all([11, 12, 13, 14, 15, 16].map(async (s) => (await pool.reserve()!.submit(image(s)).done).probabilities));
    batches.length = 0;
    const jobs = [11, 12, 13, 14, 15, 16].map((s) => pool.reserve()!.submit(image(s)).done);
    const together = await Promise.all(jobs);
    assert.deepEqual(batches, [4, 2]);
    for (const [i, r] of together.entries()) for (const [j, v] of r.probabilities.entries()) assert.ok(Math.abs(v - alone[i][j]) <= 1e-5, `image ${i}`);
  });

  it('runs a profiled image alone, between the batches around it', async () => {
    batches.length = 0;
    const a = [21, 22].map((s) => pool.reserve()!.submit(image(s)));
    const p = pool.reserve()!.submit(image(23), { profile: true });
    const b = [24, 25].map((s) => pool.reserve()!.submit(image(s)));
    const profiled = await p.done;
    await Promise.all([...a, ...b].map((j) => j.done));
    assert.deepEqual(batches, [2, 1, 2]);
    assert.equal(profiled.batchSize, 1);
    assert.ok(profiled.kernels && profiled.kernels.length > 0);
  });

  it('refuses a reservation beyond MODEL_MAX_QUEUE and accepts again once places are given back', async () => {
    const held = Array.from({ length: 100 }, () => pool.reserve());
    assert.ok(held.every((r) => r !== null));
    assert.equal(pool.reserve(), null);
    held[0]!.release();
    const again = pool.reserve();
    assert.ok(again);
    again.release();
    for (const r of held.slice(1)) r!.release();
    assert.equal(pool.stats().admitted, 0);
  });
});
