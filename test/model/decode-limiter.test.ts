import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter } from '../../model/image/limiter';

describe('decode limiter', () => {
  it('runs at most n tasks at once, in arrival order, and frees a place on failure', async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const task = (i: number, fail = false) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((r) => gates.push(r));
        running--;
        if (fail) throw new Error(`task ${i} failed`);
        return i;
      });
    const results = [task(0, true), task(1), task(2), task(3)];
    const firstFails = assert.rejects(results[0], /task 0 failed/); // handled from the start
    while (gates.length < 2) await new Promise((r) => setImmediate(r));
    assert.equal(limiter.active, 2);
    assert.equal(limiter.waiting, 2);
    for (let done = 0; done < 4; done++) {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      gates.shift()!();
    }
    await firstFails;
    assert.deepEqual(await Promise.all(results.slice(1)), [1, 2, 3]);
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.equal(limiter.active, 0);
  });
});
