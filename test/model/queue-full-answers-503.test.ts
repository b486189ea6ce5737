// Issue 3: the queue is bounded; when full the server answers 503 + Retry-After at once, without
// reading the body, and every admitted request still gets its answer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import request from 'supertest';
import type { ModelServer } from '../../model/server';
import { jpeg, photoLike } from '../../testkit/images';
import { startTestServer } from './helpers/server';

let server: ModelServer;

before(async () => {
  server = await startTestServer({ maxQueue: 2, maxBatch: 1, retryAfterSeconds: 3 });
  await server.ready;
});

after(async () => {
  await server?.stop();
});

describe('a full queue', () => {
  it('answers 503 MODEL_ERR_BUSY with Retry-After while admitted requests complete', async () => {
    const image = await jpeg(photoLike(800, 600, 5));
    // One worker runs one image at a time (≥ 20 ms each); two more may wait; 12 arrive at once.
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(image)),
    );
    const busy = responses.filter((r) => r.status === 503);
    const ok = responses.filter((r) => r.status === 200);
    assert.equal(busy.length + ok.length, 12, `statuses: ${responses.map((r) => r.status).join(',')}`);
    assert.ok(busy.length >= 1, 'at least one request was refused');
    assert.ok(ok.length >= 2, 'admitted requests were answered');
    for (const r of busy) {
      assert.equal(r.body.code, 'MODEL_ERR_BUSY');
      assert.equal(r.headers['retry-after'], '3');
      assert.deepEqual(r.body.detail, { maxQueue: 2 });
    }
    const stats = server.pool()!.stats();
    assert.equal(stats.admitted, 0);
    assert.equal(stats.queued, 0);
  });

  it('accepts again once the queue drained', async () => {
    const image = await jpeg(photoLike(200, 200, 6));
    await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(image).expect(200);
  });

  it('keeps a keep-alive connection usable after a busy 503, for clients that write the whole body first', async () => {
    const pool = server.pool()!;
    const held = [pool.reserve(), pool.reserve()];
    assert.ok(held.every((r) => r !== null) && pool.reserve() === null, 'queue is full');
    // issue 9 §5: readiness tells a load balancer the truth while the queue is full
    const notReady = await request(server.address).get('/readyz').expect(503);
    assert.equal(notReady.body.code, 'MODEL_ERR_BUSY');
    assert.equal(notReady.headers['retry-after'], '3');
    const image = await jpeg(photoLike(640, 480, 7));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(server.address);
    // chunked, as the BFF streams it, or with a Content-Length
    const post = (chunked: boolean): Promise<{ status: number; headers: http.IncomingHttpHeaders; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { 'Content-Type': 'image/jpeg' };
        if (!chunked) headers['Content-Length'] = String(image.length);
        const req = http.request({ agent, host: url.hostname, port: url.port, path: '/predict', method: 'POST', headers }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end(image);
      });
    for (const chunked of [true, false]) {
      const busy = await post(chunked);
      assert.equal(busy.status, 503);
      assert.equal(busy.headers['retry-after'], '3');
      assert.notEqual(busy.headers.connection, 'close');
    }
    for (const r of held) r!.release();
    await request(server.address).get('/readyz').expect(200);
    const ok = await post(true);
    assert.equal(ok.status, 200);
    assert.equal(ok.reused, true, 'the same connection carried the next request');
    agent.destroy();
  });
});
