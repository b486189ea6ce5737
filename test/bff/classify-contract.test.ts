import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { bffOverStandIn } from './helpers/bff';
import { STAND_IN_ANSWER } from '../../testkit/bff/model-stand-in';
import { fakePng, JPEG_HEAD, GIF_HEAD, WEBP_HEAD } from '../../testkit/images';
import { edgeSw8, sw8Header } from '../../testkit/edge-headers';

const fixture = bffOverStandIn();

const TRACE_ID = '0123456789abcdef0123456789abcdef';
const gatewaySw8 = sw8Header(edgeSw8({ traceId: TRACE_ID, parentSegmentId: 'fedcba9876543210fedcba9876543210' }));

test('classify answers {traceId, model, predictions} with x-trace-id and Server-Timing edge, bff, model, infer', async () => {
  const image = fakePng(50_000);
  const now = Date.now();
  const res = await request(fixture.bff.address)
    .post('/api/v1/classify')
    .set('sw8', gatewaySw8)
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
  const before = fixture.model.received.length;
  await request(fixture.bff.address).post('/api/v1/classify').attach('image', image, { filename: 'x.bin', contentType: 'text/plain' }).expect(200);
  const got = fixture.model.received[before];
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
    const before = fixture.model.received.length;
    await request(fixture.bff.address)
      .post('/api/v1/classify')
      .attach('image', Buffer.concat([head, Buffer.alloc(100)]), 'x')
      .expect(200);
    assert.equal(fixture.model.received[before].headers['content-type'], type);
  });
}

test('a tiny image (fewer bytes than the sniff window) still goes through', async () => {
  const before = fixture.model.received.length;
  await request(fixture.bff.address).post('/api/v1/classify').attach('image', JPEG_HEAD.subarray(0, 4), 'tiny.jpg').expect(200);
  assert.equal(fixture.model.received[before].body.length, 4);
});

test('text fields next to the image are ignored', async () => {
  await request(fixture.bff.address).post('/api/v1/classify').field('note', 'hello').attach('image', fakePng(1000), 'a.png').expect(200);
});

test('without an edge, the answer has no edge timing and no trace id to continue', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').attach('image', fakePng(1000), 'a.png').expect(200);
  assert.equal(res.body.traceId, null);
  assert.match(String(res.headers['server-timing']), /^bff;dur=[\d.]+, model;dur=[\d.]+, infer;dur=12\.3$/);
});

test('request log lines are JSON with method, path and status', async () => {
  await request(fixture.bff.address).post('/api/v1/classify').attach('image', fakePng(1000), 'a.png').expect(200);
  const line = fixture.bff.logs.filter((l) => l.msg === 'request').at(-1);
  assert.ok(line);
  assert.equal(line.path, '/api/v1/classify');
  assert.equal(line.status, 200);
  assert.equal(line.service, 'bff');
});
