// Issue 9 §10: when the caller gives up (the BFF's model deadline passed and it answered 504), the
// model must not spend a worker on its image. A queued image whose connection closed before its
// turn is taken out of the queue and counted in model_abandoned_total{stage="queue"}.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { ModelServer } from '../../model/server';
import { JobCancelledError, type Job } from '../../model/pool/pool';
import { jpeg, photoLike } from '../../testkit/images';
import { startTestServer } from './helpers/server';
import { poll } from '../../testkit/poll';

let server: ModelServer;

before(async () => {
  server = await startTestServer({ maxQueue: 1000, maxBatch: 1 });
  await server.ready;
});

after(async () => {
  await server?.stop();
});

/** Occupies the one worker with `n` images submitted straight to the pool. */
function keepWorkerBusy(n: number): Job[] {
  const pool = server.pool()!;
  const [h, w, c] = pool.info.inputShape;
  return Array.from({ length: n }, () => pool.reserve()!.submit(new Uint8Array(h * w * c)));
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.address}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('an abandoned request', () => {
  it('is taken out of the pool queue without running (pool level)', async () => {
    const pool = server.pool()!;
    const before = pool.stats().images;
    const [running, queued, cancelled] = keepWorkerBusy(3);
    // The worker answers asynchronously, so the second and third images are still queued here.
    assert.equal(cancelled.cancel(), true);
    assert.equal(cancelled.cancel(), false, 'only once');
    await assert.rejects(cancelled.done, JobCancelledError);
    await Promise.all([running.done, queued.done]);
    assert.equal(running.cancel(), false, 'a dispatched image cannot be cancelled');
    assert.equal(pool.stats().images - before, 2);
    assert.equal(pool.stats().admitted, 0);
  });

  it('whose client closed the connection while queued never reaches a worker (HTTP)', async () => {
    const pool = server.pool()!;
    const image = await jpeg(photoLike(320, 240, 21));
    const abandonedBefore = await metric('model_abandoned_total{stage="queue"}');
    const imagesBefore = pool.stats().images;
    const busy = keepWorkerBusy(200);
    // queued + images only grows when an image joins the queue (dispatching moves one to the other)
    const seen = (): number => pool.stats().queued + pool.stats().images - imagesBefore;
    const url = new URL(server.address);
    const req = http.request({ agent: false, host: url.hostname, port: url.port, path: '/predict', method: 'POST', headers: { 'Content-Type': 'image/jpeg' } });
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', () => undefined);
    req.end(image);
    // Wait until our image is queued behind the busy work, then go away as a timed-out caller does.
    await poll(
      () => seen() >= 201,
      () => `${seen()} of 201 images seen by the pool`,
      'our image in the queue',
      { intervalMs: 1 },
    );
    assert.ok(pool.stats().queued > 0, 'still queued behind the busy work when the client leaves');
    req.destroy();
    await Promise.all(busy.map((j) => j.done));
    await poll(
      async () => (await metric('model_abandoned_total{stage="queue"}')) !== abandonedBefore,
      () => 'model_abandoned_total{stage="queue"} did not move',
      'the abandoned request to be counted',
      { timeoutMs: 5000, intervalMs: 10 },
    );
    assert.equal(await metric('model_abandoned_total{stage="queue"}'), abandonedBefore + 1);
    assert.equal(pool.stats().images - imagesBefore, 200, 'only the busy work ran, not the abandoned image');
    assert.equal(pool.stats().admitted, 0);
    assert.equal(answered, false);
    const res = await fetch(`${server.address}/healthz`);
    assert.equal(res.status, 200);
  });
});
