// Before the model is loaded (here: it never loads) /readyz, /v1/models/default and /predict answer
// 503 MODEL_ERR_NOT_READY with the reason; /healthz stays 200 (alive).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import request from 'supertest';
import type { ModelServer } from '../../model/server';
import { startTestServer } from './helpers/server';

let server: ModelServer;
const missing = path.join(os.tmpdir(), `no-model-here-${process.pid}`);

before(async () => {
  server = await startTestServer({ modelDir: missing });
});

after(async () => {
  await server?.stop();
});

describe('a model that failed to load', () => {
  it('rejects the ready promise with the reason', async () => {
    await assert.rejects(server.ready, /has no model\.json/);
  });

  it('answers /predict, /readyz and /v1/models/default with 503 MODEL_ERR_NOT_READY; /healthz with 200', async () => {
    const p = await request(server.address)
      .post('/predict')
      .set('Content-Type', 'image/jpeg')
      .send(Buffer.from([0xff, 0xd8, 0xff]))
      .expect(503);
    assert.equal(p.body.code, 'MODEL_ERR_NOT_READY');
    const r = await request(server.address).get('/readyz').expect(503);
    assert.equal(r.body.code, 'MODEL_ERR_NOT_READY');
    assert.match(r.body.detail.reason, /no model\.json/);
    await request(server.address).get('/v1/models/default').expect(503);
    await request(server.address).get('/healthz').expect(200);
  });
});
