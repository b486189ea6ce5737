import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { bffOverStandIn } from './helpers/bff';
import { fakePng, TEXT_FILE } from '../../testkit/images';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';

const fixture = bffOverStandIn();

function assertShape(body: any, code: string): void {
  assert.equal(body.code, code);
  assert.equal(typeof body.error, 'string');
  assert.ok('traceId' in body, 'traceId present');
}

test('no file at all → 400 BFF_ERR_NO_IMAGE', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').field('note', 'x').expect(400);
  assertShape(res.body, 'BFF_ERR_NO_IMAGE');
});

test('"image" sent as a text field instead of a file → 400 BFF_ERR_NO_IMAGE with a hint', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').field('image', 'cat.jpg').expect(400);
  assertShape(res.body, 'BFF_ERR_NO_IMAGE');
  assert.match(res.body.detail.hint, /as a file/);
});

test('an empty multipart body → 400 BFF_ERR_NO_IMAGE', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').set('content-type', MULTIPART_TYPE).send(multipartBody([])).expect(400);
  assertShape(res.body, 'BFF_ERR_NO_IMAGE');
});

test('a file in another field → 400 BFF_ERR_WRONG_FIELD naming the expected field, nothing sent to the model', async () => {
  const before = fixture.model.received.length;
  const res = await request(fixture.bff.address).post('/api/v1/classify').attach('file', fakePng(100), 'a.png').expect(400);
  assertShape(res.body, 'BFF_ERR_WRONG_FIELD');
  assert.deepEqual(res.body.detail, { field: 'file', expected: 'image' });
  assert.equal(fixture.model.received.length, before);
});

test('a second file after the image → 400 BFF_ERR_EXTRA_FILE', async () => {
  const res = await request(fixture.bff.address)
    .post('/api/v1/classify')
    .attach('image', fakePng(100), 'a.png')
    .attach('image', fakePng(100), 'b.png')
    .expect(400);
  assertShape(res.body, 'BFF_ERR_EXTRA_FILE');
});

test('an empty image → 400 BFF_ERR_EMPTY_IMAGE', async () => {
  const body = multipartBody([{ name: 'image', filename: 'a.png', contentType: 'image/png', data: Buffer.alloc(0) }]);
  const res = await request(fixture.bff.address).post('/api/v1/classify').set('content-type', MULTIPART_TYPE).send(body).expect(400);
  assertShape(res.body, 'BFF_ERR_EMPTY_IMAGE');
});

test('a text file named .png → 415 BFF_ERR_UNSUPPORTED_TYPE (magic bytes, not the name or type)', async () => {
  const before = fixture.model.received.length;
  const res = await request(fixture.bff.address)
    .post('/api/v1/classify')
    .attach('image', TEXT_FILE, { filename: 'cat.png', contentType: 'image/png' })
    .expect(415);
  assertShape(res.body, 'BFF_ERR_UNSUPPORTED_TYPE');
  assert.equal(res.body.detail.firstBytes, TEXT_FILE.subarray(0, 12).toString('hex'));
  assert.equal(fixture.model.received.length, before);
});

test('a JSON body → 415 BFF_ERR_NOT_MULTIPART', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').send({ image: 'x' }).expect(415);
  assertShape(res.body, 'BFF_ERR_NOT_MULTIPART');
  assert.deepEqual(res.body.detail, { contentType: 'application/json' });
});

test('a raw image body without multipart → 415 BFF_ERR_NOT_MULTIPART', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').set('content-type', 'image/png').send(fakePng(1000)).expect(415);
  assertShape(res.body, 'BFF_ERR_NOT_MULTIPART');
});

test('multipart without a boundary → 400 BFF_ERR_BAD_MULTIPART', async () => {
  const res = await request(fixture.bff.address).post('/api/v1/classify').set('content-type', 'multipart/form-data').send('garbage').expect(400);
  assertShape(res.body, 'BFF_ERR_BAD_MULTIPART');
});

test('a truncated multipart body → 400 BFF_ERR_BAD_MULTIPART', async () => {
  const full = multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(5000) }]);
  const res = await request(fixture.bff.address).post('/api/v1/classify').set('content-type', MULTIPART_TYPE).send(full.subarray(0, 3000)).expect(400);
  assertShape(res.body, 'BFF_ERR_BAD_MULTIPART');
});

test('an unknown route → 404 BFF_ERR_NOT_FOUND in the shared shape', async () => {
  const res = await request(fixture.bff.address).get('/api/v1/nothing').expect(404);
  assertShape(res.body, 'BFF_ERR_NOT_FOUND');
});

test('GET on the classify path → 404, not a crash', async () => {
  const res = await request(fixture.bff.address).get('/api/v1/classify').expect(404);
  assertShape(res.body, 'BFF_ERR_NOT_FOUND');
});

test('the BFF keeps serving after every bad request above', async () => {
  await request(fixture.bff.address).post('/api/v1/classify').attach('image', fakePng(100), 'a.png').expect(200);
});
