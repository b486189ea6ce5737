import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestBff, type TestBff } from './helpers/bff';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { PNG_HEAD, fakePng } from '../../testkit/images';
import { postStream, streamedUpload } from '../../testkit/bff/multipart';

const LIMIT = 1024 * 1024;
let model: ModelStandIn;
let bff: TestBff;

before(async () => {
  model = await startModelStandIn({ keepBody: false });
  bff = await startTestBff({ modelUrl: model.url, maxUploadBytes: LIMIT });
});
after(async () => {
  await bff.stop();
  await model.close();
});

test('an image over the limit → 413 BFF_ERR_TOO_LARGE, answered while the client is still uploading', async () => {
  const total = 64 * 1024 * 1024;
  let sentAtAnswer = -1;
  let sent = 0;
  const body = streamedUpload('image', PNG_HEAD, total, (n) => (sent = n));
  const res = await postStream(`${bff.address}/api/v1/classify`, body);
  sentAtAnswer = sent;
  assert.equal(res.status, 413);
  assert.equal(res.json.code, 'BFF_ERR_TOO_LARGE');
  assert.deepEqual(res.json.detail, { limitBytes: LIMIT });
  assert.ok(sentAtAnswer < total / 2, `answer came after ${sentAtAnswer} of ${total} bytes were produced`);
});

test('the model call for an oversized image is aborted: the model never sees a complete upload', async () => {
  const before = model.received.length;
  const res = await postStream(`${bff.address}/api/v1/classify`, streamedUpload('image', PNG_HEAD, 3 * LIMIT));
  assert.equal(res.status, 413);
  const forwarded = model.received.slice(before);
  for (const r of forwarded) assert.ok(r.bytes <= LIMIT, `model got ${r.bytes} bytes`);
});

test('an image of exactly the limit is accepted', async () => {
  await request(bff.address).post('/api/v1/classify').attach('image', fakePng(LIMIT), 'a.png').expect(200);
});

test('limit + 1 byte is refused', async () => {
  const res = await request(bff.address)
    .post('/api/v1/classify')
    .attach('image', fakePng(LIMIT + 1), 'a.png');
  assert.equal(res.status, 413);
  assert.equal(res.body.code, 'BFF_ERR_TOO_LARGE');
});
