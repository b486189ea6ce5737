// Every endpoint of the model server and every client error of POST /predict, against a real
// in-process server (one worker) and images made by sharp in the test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import request from 'supertest';
import type { ModelServer } from '../../model/server';
import { gradient, jpeg, photoLike, shapes, solid } from '../../testkit/images';
import { startTestServer } from './helpers/server';
import { expectedBackend, expectedExecution } from './helpers/expected-backend';
import { poll } from '../../testkit/poll';

const LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];
const MAX_BYTES = 1024 * 1024;
const MAX_PIXELS = 4_000_000;
let server: ModelServer;
let photo: Buffer;

before(async () => {
  server = await startTestServer({ maxBytes: MAX_BYTES, maxPixels: MAX_PIXELS });
  await server.ready;
  photo = await jpeg(photoLike(1024, 768, 3));
});

after(async () => {
  await server?.stop();
});

function assertErrorShape(body: Record<string, unknown>, code: string): void {
  assert.equal(body.code, code);
  assert.equal(typeof body.error, 'string');
  assert.ok('traceId' in body, 'traceId is always present (null when untraced)');
  assert.ok(!JSON.stringify(body).includes('    at '), 'no stack trace');
}

describe('health, readiness, metadata, metrics', () => {
  it('GET /healthz answers 200', async () => {
    const res = await request(server.address).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  it('GET /readyz answers 200 with the model and backend once loaded', async () => {
    const res = await request(server.address).get('/readyz').expect(200);
    assert.equal(res.body.status, 'ready');
    assert.equal(res.body.model, 'nsfwjs-mobilenet_v2');
    assert.equal(res.body.backend, expectedBackend());
    assert.equal(res.body.execution, expectedExecution(res.body.backend));
  });

  it('GET /v1/models/default describes labels, input, backend and batching', async () => {
    const res = await request(server.address).get('/v1/models/default').expect(200);
    assert.deepEqual(res.body.labels, LABELS);
    assert.deepEqual(res.body.inputShape, [224, 224, 3]);
    const backend = expectedBackend();
    assert.equal(res.body.backend, backend);
    assert.equal(res.body.execution, expectedExecution(backend));
    assert.ok(Array.isArray(res.body.backendSkipped));
    assert.deepEqual(res.body.batching, { workers: 1, intraOpThreads: 1, maxBatch: backend === 'onnxruntime' ? 1 : 8, maxWaitMs: 0, maxQueue: 64 });
    assert.deepEqual(res.body.limits, { maxBytes: MAX_BYTES, maxPixels: MAX_PIXELS });
  });

  it('GET /metrics serves Prometheus text with requests, stage latencies, batch sizes and queue depth', async () => {
    await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(photo).expect(200);
    const res = await request(server.address).get('/metrics').expect(200);
    assert.match(res.headers['content-type'], /text\/plain/);
    assert.match(res.text, /model_http_requests_total\{route="\/predict",status="200"\} \d+/);
    for (const stage of ['decode', 'queue', 'infer', 'post']) {
      assert.match(res.text, new RegExp(`model_stage_duration_seconds_count\\{stage="${stage}"\\} [1-9]`));
    }
    assert.match(res.text, /model_batch_size_count [1-9]/);
    assert.match(res.text, /model_queue_depth 0/);
    assert.match(
      res.text,
      new RegExp(`model_backend_info\\{backend="${expectedBackend()}",model="nsfwjs-mobilenet_v2",execution="${expectedExecution(expectedBackend())}"\\} 1`),
    );
    if (process.platform === 'linux') assert.match(res.text, /model_thread_cpu_seconds\{thread="inference"\} [0-9.]*[1-9]/);
  });

  it('answers an unknown path with 404 in the error shape', async () => {
    const res = await request(server.address).get('/nope').expect(404);
    assertErrorShape(res.body, 'MODEL_ERR_NOT_FOUND');
  });
});

describe('POST /predict', () => {
  it('classifies a raw image/jpeg body: top 3, sorted, known labels, Server-Timing with four stages', async () => {
    const res = await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(photo).expect(200);
    assert.equal(res.body.model, 'nsfwjs-mobilenet_v2');
    assert.equal(res.body.backend, server.pool()!.info.backend);
    const p = res.body.predictions as Array<{ label: string; probability: number }>;
    assert.equal(p.length, 3);
    for (const x of p) assert.ok(LABELS.includes(x.label) && x.probability >= 0 && x.probability <= 1);
    assert.ok(p[0].probability >= p[1].probability && p[1].probability >= p[2].probability);
    assert.match(res.headers['server-timing'], /^decode;dur=[\d.]+, queue;dur=[\d.]+, infer;dur=[\d.]+, post;dur=[\d.]+$/);
    assert.equal(res.body.profile, undefined);
  });

  it('classifies the multipart field "file" with top_k from a field, probabilities summing to 1', async () => {
    const res = await request(server.address).post('/predict').field('top_k', '5').attach('file', photo, 'photo.jpg').expect(200);
    const p = res.body.predictions as Array<{ label: string; probability: number }>;
    assert.deepEqual(p.map((x) => x.label).sort(), [...LABELS].sort());
    assert.ok(Math.abs(p.reduce((s, x) => s + x.probability, 0) - 1) < 1e-4);
  });

  it('gives the same answer raw and multipart', async () => {
    const raw = await request(server.address).post('/predict?top_k=5').set('Content-Type', 'image/jpeg').send(photo).expect(200);
    const multi = await request(server.address).post('/predict?top_k=5').attach('file', photo, 'p.jpg').expect(200);
    assert.deepEqual(raw.body, multi.body);
  });

  it('takes top_k from the query', async () => {
    const res = await request(server.address).post('/predict?top_k=1').set('Content-Type', 'image/jpeg').send(photo).expect(200);
    assert.equal(res.body.predictions.length, 1);
  });

  it('decodes PNG and WebP, and application/octet-stream by sniffing', async () => {
    const png = await shapes(300, 200).png().toBuffer();
    const webp = await gradient(300, 200).webp().toBuffer();
    await request(server.address).post('/predict').set('Content-Type', 'image/png').send(png).expect(200);
    await request(server.address).post('/predict').set('Content-Type', 'image/webp').send(webp).expect(200);
    await request(server.address).post('/predict').set('Content-Type', 'application/octet-stream').send(png).expect(200);
  });

  it('runs alone with x-model-profile: 1 and returns its time, and the top kernels on tfjs backends', async () => {
    const res = await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').set('x-model-profile', '1').send(photo).expect(200);
    assert.equal(res.body.profile.batchSize, 1);
    assert.ok(res.body.profile.inferMs > 0);
    if (expectedBackend() === 'onnxruntime') assert.equal(res.body.profile.kernels, undefined);
    else {
      assert.ok(res.body.profile.kernels.length > 0);
      assert.equal(typeof res.body.profile.kernels[0].kernel, 'string');
    }
  });

  it('leaks no tensors in the worker over many requests', async () => {
    await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(photo).expect(200);
    const before = server.pool()!.stats().numTensors[0];
    await Promise.all(Array.from({ length: 12 }, () => request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(photo).expect(200)));
    assert.equal(server.pool()!.stats().numTensors[0], before);
  });
});

describe('POST /predict errors', () => {
  it('400 MODEL_ERR_NO_FILE for multipart without "file"', async () => {
    const res = await request(server.address).post('/predict').field('top_k', '2').attach('image', photo, 'p.jpg').expect(400);
    assertErrorShape(res.body, 'MODEL_ERR_NO_FILE');
  });

  it('400 MODEL_ERR_NO_FILE for an empty raw body', async () => {
    const res = await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(Buffer.alloc(0)).expect(400);
    assertErrorShape(res.body, 'MODEL_ERR_NO_FILE');
  });

  it('400 MODEL_ERR_BAD_REQUEST for a top_k that is not 1..5', async () => {
    for (const k of ['0', '6', 'abc', '-1']) {
      const res = await request(server.address).post(`/predict?top_k=${k}`).set('Content-Type', 'image/jpeg').send(photo).expect(400);
      assertErrorShape(res.body, 'MODEL_ERR_BAD_REQUEST');
      assert.equal(res.body.detail.field, 'top_k');
    }
  });

  it('400 MODEL_ERR_BAD_REQUEST for a multipart body without a boundary', async () => {
    const res = await request(server.address).post('/predict').set('Content-Type', 'multipart/form-data').send('xx').expect(400);
    assertErrorShape(res.body, 'MODEL_ERR_BAD_REQUEST');
  });

  it('415 MODEL_ERR_UNSUPPORTED_TYPE for a non-image content type', async () => {
    const res = await request(server.address).post('/predict').set('Content-Type', 'application/json').send('{"a":1}').expect(415);
    assertErrorShape(res.body, 'MODEL_ERR_UNSUPPORTED_TYPE');
  });

  it('415 MODEL_ERR_UNSUPPORTED_TYPE for bytes that are no JPEG, PNG, GIF or WebP (BMP, TIFF, text)', async () => {
    const tiff = await solid(10, 10, 'red').tiff().toBuffer();
    const bmp = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]);
    for (const body of [tiff, bmp, Buffer.from('just some text pretending')]) {
      const res = await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(body).expect(415);
      assertErrorShape(res.body, 'MODEL_ERR_UNSUPPORTED_TYPE');
    }
  });

  it('422 MODEL_ERR_CORRUPT_IMAGE for a truncated JPEG and a PNG with a broken header', async () => {
    const truncated = photo.subarray(0, Math.floor(photo.length / 3));
    const png = await shapes(100, 100).png().toBuffer();
    const brokenPng = Buffer.concat([png.subarray(0, 8), Buffer.alloc(40, 0xee)]);
    for (const [type, body] of [
      ['image/jpeg', truncated],
      ['image/png', brokenPng],
    ] as const) {
      const res = await request(server.address).post('/predict').set('Content-Type', type).send(body).expect(422);
      assertErrorShape(res.body, 'MODEL_ERR_CORRUPT_IMAGE');
    }
  });

  it('413 MODEL_ERR_TOO_MANY_PIXELS for an image over the pixel limit, before decoding it', async () => {
    const big = await solid(2100, 2000, '#808080').png().toBuffer(); // 4.2 MP, a few KB
    assert.ok(big.length < MAX_BYTES);
    const res = await request(server.address).post('/predict').set('Content-Type', 'image/png').send(big).expect(413);
    assertErrorShape(res.body, 'MODEL_ERR_TOO_MANY_PIXELS');
    assert.equal(res.body.detail.pixels, 4_200_000);
  });

  it('413 MODEL_ERR_TOO_LARGE from a Content-Length over the limit, raw and multipart', async () => {
    const big = Buffer.alloc(MAX_BYTES + 1, 0xff);
    const raw = await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(big).expect(413);
    assertErrorShape(raw.body, 'MODEL_ERR_TOO_LARGE');
    const multi = await request(server.address)
      .post('/predict')
      .attach('file', Buffer.concat([big, big]), 'x.jpg')
      .expect(413);
    assertErrorShape(multi.body, 'MODEL_ERR_TOO_LARGE');
  });

  it('413 MODEL_ERR_TOO_LARGE for a chunked body, answered before the client finished sending', async () => {
    const url = new URL(server.address);
    const { status, body, headers } = await new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: '/predict', method: 'POST', headers: { 'Content-Type': 'image/jpeg', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      // 1.5 MB, then keep the request open: only an answer sent at the limit can arrive.
      const chunk = Buffer.alloc(64 * 1024, 0xab);
      for (let sent = 0; sent < 1.5 * MAX_BYTES; sent += chunk.length) req.write(chunk);
    });
    assert.equal(status, 413);
    assert.equal(headers.connection, 'close');
    assertErrorShape(JSON.parse(body), 'MODEL_ERR_TOO_LARGE');
  });

  it('413 MODEL_ERR_TOO_LARGE for a multipart file over the limit without Content-Length', async () => {
    const url = new URL(server.address);
    const boundary = 'b0undary';
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/predict',
          method: 'POST',
          headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            resolve(res.statusCode ?? 0);
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0xab);
      for (let sent = 0; sent < 1.5 * MAX_BYTES; sent += chunk.length) req.write(chunk);
    });
    assert.equal(status, 413);
  });

  it('gives the queue place back when a client disconnects mid-upload (raw and multipart)', async () => {
    const url = new URL(server.address);
    for (const type of ['image/jpeg', 'multipart/form-data; boundary=xyz']) {
      await new Promise<void>((resolve) => {
        const req = http.request({
          host: url.hostname,
          port: url.port,
          path: '/predict',
          method: 'POST',
          headers: { 'Content-Type': type, 'Content-Length': '500000' },
        });
        req.on('error', () => resolve());
        req.write(type.startsWith('multipart') ? '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n' : photo.subarray(0, 1000));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50);
      });
    }
    await poll(
      () => server.pool()!.stats().admitted === 0,
      () => `admitted stays at ${server.pool()!.stats().admitted}`,
      'no admitted request left',
      { timeoutMs: 5000, intervalMs: 10 },
    );
  });

  it('keeps serving after all of the above', async () => {
    await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(photo).expect(200);
    assert.equal(server.pool()!.stats().admitted, 0, 'every error gave its queue place back');
  });
});

describe('a worker thread that dies', () => {
  it('fails its batch with 500 MODEL_ERR_INTERNAL (no stack) and is replaced', async () => {
    const pool = server.pool() as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } }> };
    // supertest sends on then(); start it now
    const pending = request(server.address)
      .post('/predict')
      .set('Content-Type', 'image/jpeg')
      .send(photo)
      .then((r) => r);
    // Terminated while the request is read and decoded (it takes a queue place only after that),
    // so the worker is idle: onnxruntime aborts the whole process when its thread is terminated
    // in the middle of a run.
    await pool.slots[0].worker.terminate();
    const res = await pending;
    // it either died with the worker (500) or ran before it (200); a 500 must be clean
    assert.ok(res.status === 500 || res.status === 200, String(res.status));
    if (res.status === 500) assertErrorShape(res.body, 'MODEL_ERR_INTERNAL');
    let status = 0;
    await poll(
      async () => (status = (await request(server.address).post('/predict').set('Content-Type', 'image/jpeg').send(photo)).status) === 200,
      () => `no replacement worker: last status ${status}`,
      'a replacement worker to classify',
      { timeoutMs: 20_000, intervalMs: 100 },
    );
  });
});
