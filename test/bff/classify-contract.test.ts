import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestBff, type TestBff } from './helpers/bff';
import { startModelStandIn, STAND_IN_ANSWER, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { fakePng, JPEG_HEAD, GIF_HEAD, WEBP_HEAD } from '../../testkit/bff/images';
import { formatSw8 } from '../../trace/sw8';
import { nodeBase64 } from '../../trace/platform/node-base64';

let model: ModelStandIn;
let bff: TestBff;

before(async () => {
  model = await startModelStandIn();
  bff = await startTestBff({ modelUrl: model.url });
});
after(async () => {
  await bff.stop();
  await model.close();
});

const TRACE_ID = '0123456789abcdef0123456789abcdef';
const edgeSw8 = formatSw8(
  {
    sample: '1',
    traceId: TRACE_ID,
    parentSegmentId: 'fedcba9876543210fedcba9876543210',
    parentSpanId: 1,
    parentService: 'tyk-gateway',
    parentServiceInstance: 'tyk',
    parentEndpoint: 'POST:/inference/api/v1/classify',
    networkAddressUsedAtPeer: 'tyk-upstream-classify',
  },
  nodeBase64,
);

test('classify answers {traceId, model, predictions} with x-trace-id and Server-Timing edge, bff, model, infer', async () => {
  const image = fakePng(50_000);
  const now = Date.now();
  const res = await request(bff.address)
    .post('/api/v1/classify')
    .set('sw8', edgeSw8)
    .set('x-sw-edge-start', String(now - 20))
    .set('x-sw-edge-post', String(now - 15))
    .attach('image', image, { filename: 'cat.png', contentType: 'application/octet-stream' })
    .expect(200);
  assert.deepEqual(res.body, { traceId: TRACE_ID, model: STAND_IN_ANSWER.model, predictions: STAND_IN_ANSWER.predictions });
  assert.equal(res.headers['x-trace-id'], TRACE_ID);
  const timing = String(res.headers['server-timing']);
  assert.match(timing, /^edge;dur=5, bff;dur=[\d.]+, model;dur=[\d.]+, infer;dur=12\.3$/);
});

test('the model gets the raw image bytes, chunked, with the Content-Type sniffed from magic bytes', async () => {
  const image = fakePng(300_000);
  const before = model.received.length;
  await request(bff.address).post('/api/v1/classify').attach('image', image, { filename: 'x.bin', contentType: 'text/plain' }).expect(200);
  const got = model.received[before];
  assert.equal(got.url, '/predict');
  assert.equal(got.headers['content-type'], 'image/png');
  assert.equal(got.headers['transfer-encoding'], 'chunked');
  assert.equal(got.body.length, image.length);
  assert.ok(got.body.equals(image), 'body forwarded byte for byte');
});

for (const [name, head, type] of [
  ['JPEG', JPEG_HEAD, 'image/jpeg'],
  ['GIF', GIF_HEAD, 'image/gif'],
  ['WebP', WEBP_HEAD, 'image/webp'],
] as const) {
  test(`a ${name} upload is sent as ${type}`, async () => {
    const before = model.received.length;
    await request(bff.address)
      .post('/api/v1/classify')
      .attach('image', Buffer.concat([head, Buffer.alloc(100)]), 'x')
      .expect(200);
    assert.equal(model.received[before].headers['content-type'], type);
  });
}

test('a tiny image (fewer bytes than the sniff window) still goes through', async () => {
  const before = model.received.length;
  await request(bff.address).post('/api/v1/classify').attach('image', JPEG_HEAD.subarray(0, 4), 'tiny.jpg').expect(200);
  assert.equal(model.received[before].body.length, 4);
});

test('text fields next to the image are ignored', async () => {
  await request(bff.address).post('/api/v1/classify').field('note', 'hello').attach('image', fakePng(1000), 'a.png').expect(200);
});

test('without an edge, the answer has no edge timing and no trace id to continue', async () => {
  const res = await request(bff.address).post('/api/v1/classify').attach('image', fakePng(1000), 'a.png').expect(200);
  assert.equal(res.body.traceId, null);
  assert.match(String(res.headers['server-timing']), /^bff;dur=[\d.]+, model;dur=[\d.]+, infer;dur=12\.3$/);
});

test('request log lines are JSON with method, path and status', async () => {
  await request(bff.address).post('/api/v1/classify').attach('image', fakePng(1000), 'a.png').expect(200);
  const line = bff.logs.filter((l) => l.msg === 'request').at(-1);
  assert.ok(line);
  assert.equal(line.path, '/api/v1/classify');
  assert.equal(line.status, 200);
  assert.equal(line.service, 'bff');
});
