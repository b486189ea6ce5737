import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import request from 'supertest';
import { startTestBff, type TestBff } from './helpers/bff';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { fakePng } from '../../testkit/images';

let model: ModelStandIn;
let bff: TestBff;

before(async () => {
  model = await startModelStandIn();
  bff = await startTestBff({ modelUrl: model.url, modelTimeoutMs: 400 });
});
after(async () => {
  await bff.stop();
  await model.close();
});

const classify = (target = bff.address) => request(target).post('/api/v1/classify').attach('image', fakePng(2000), 'a.png');

test('a model 4xx passes through with its status, the model error in detail', async () => {
  const modelError = { code: 'MODEL_ERR_UNDECODABLE', error: 'The image could not be decoded.', traceId: 'abc' };
  model.set({ status: 422, errorBody: modelError });
  const res = await classify().expect(422);
  assert.equal(res.body.code, 'BFF_ERR_MODEL_REJECTED');
  assert.deepEqual(res.body.detail, modelError);
});

test('a model 413 passes through as 413', async () => {
  model.set({ status: 413, errorBody: { code: 'MODEL_ERR_TOO_LARGE', error: 'too large', traceId: null } });
  const res = await classify().expect(413);
  assert.equal(res.body.code, 'BFF_ERR_MODEL_REJECTED');
  assert.equal(res.body.detail.code, 'MODEL_ERR_TOO_LARGE');
});

test('a model 503 passes through with its Retry-After', async () => {
  model.set({ status: 503, retryAfter: '7', errorBody: { code: 'MODEL_ERR_BUSY', error: 'queue full', traceId: null } });
  const res = await classify().expect(503);
  assert.equal(res.body.code, 'BFF_ERR_MODEL_UNAVAILABLE');
  assert.equal(res.headers['retry-after'], '7');
  assert.equal(res.body.detail.code, 'MODEL_ERR_BUSY');
});

test('a model 503 without Retry-After still tells the client when to retry', async () => {
  model.set({ status: 503 });
  const res = await classify().expect(503);
  assert.equal(res.headers['retry-after'], '5');
});

test('a model 500 becomes 502 BFF_ERR_MODEL_FAILED with the model error in detail', async () => {
  model.set({ status: 500, errorBody: { code: 'MODEL_ERR_INTERNAL', error: 'boom', traceId: null } });
  const res = await classify().expect(502);
  assert.equal(res.body.code, 'BFF_ERR_MODEL_FAILED');
  assert.equal(res.body.detail.code, 'MODEL_ERR_INTERNAL');
});

test('a model 500 with a non-JSON body: detail carries status and text', async () => {
  model.set({ status: 500, errorBody: 'plain failure' });
  const res = await classify().expect(502);
  assert.deepEqual(res.body.detail, { status: 500, body: 'plain failure' });
});

test('a 2xx that is not a {model, predictions} answer → 502', async () => {
  model.set({ status: 201, errorBody: { nothing: true } });
  const res = await classify().expect(502);
  assert.equal(res.body.code, 'BFF_ERR_MODEL_FAILED');
});

test('a model slower than MODEL_TIMEOUT_MS → 504 BFF_ERR_MODEL_TIMEOUT', async () => {
  model.set({ delayMs: 2000 });
  const started = Date.now();
  const res = await classify().expect(504);
  assert.equal(res.body.code, 'BFF_ERR_MODEL_TIMEOUT');
  assert.equal(res.body.detail.timeoutMs, 400);
  assert.ok(Date.now() - started < 1800, 'answered at the timeout, not when the model finished');
  model.set({});
});

test('an unreachable model → 503 BFF_ERR_MODEL_DOWN with Retry-After', async () => {
  const free = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
  const down = await startTestBff({ modelUrl: `http://127.0.0.1:${free}` });
  try {
    const res = await classify(down.address).expect(503);
    assert.equal(res.body.code, 'BFF_ERR_MODEL_DOWN');
    assert.equal(res.headers['retry-after'], '5');
    assert.equal(res.body.detail.code, 'ECONNREFUSED');
  } finally {
    await down.stop();
  }
});

test('after the model recovers, classify works again on the same BFF', async () => {
  model.set({});
  await classify().expect(200);
});
