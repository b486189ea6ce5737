import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { bffOverStandIn, startTestBff } from './helpers/bff';
import { fakePng } from '../../testkit/images';
import { CLOSED_PORT } from '../helpers/closed-port';

const fixture = bffOverStandIn();

test('GET /healthz → 200 {status: ok}', async () => {
  const res = await request(fixture.bff.address).get('/healthz').expect(200);
  assert.deepEqual(res.body, { status: 'ok' });
});

test('GET /readyz → 200 when the model answers', async () => {
  const res = await request(fixture.bff.address).get('/readyz').expect(200);
  assert.equal(res.body.status, 'ready');
  assert.equal(res.body.model.url, fixture.model.url);
});

test('GET /readyz → 503 BFF_ERR_NOT_READY when the model is unreachable', async () => {
  const lonely = await startTestBff({ modelUrl: `http://${CLOSED_PORT}` });
  try {
    const res = await request(lonely.address).get('/readyz').expect(503);
    assert.equal(res.body.code, 'BFF_ERR_NOT_READY');
    assert.equal(res.body.detail.reason, 'ECONNREFUSED');
  } finally {
    await lonely.stop();
  }
});

test('GET /metrics: requests by status, model latency, reporter queue and drops', async () => {
  await request(fixture.bff.address).post('/api/v1/classify').attach('image', fakePng(100), 'a.png').expect(200);
  await request(fixture.bff.address).post('/api/v1/classify').attach('image', Buffer.from('nope'), 'a.png').expect(415);
  const res = await request(fixture.bff.address).get('/metrics').expect(200);
  assert.match(String(res.headers['content-type']), /text\/plain/);
  assert.match(res.text, /bff_http_requests_total\{method="POST",route="\/api\/v1\/classify",status="200"\} [1-9]/);
  assert.match(res.text, /bff_http_requests_total\{method="POST",route="\/api\/v1\/classify",status="415"\} [1-9]/);
  assert.match(res.text, /bff_model_request_duration_seconds_count\{outcome="ok"\} [1-9]/);
  assert.match(res.text, /bff_edge_reporter_queue_size 0/);
  assert.match(res.text, /bff_edge_reporter_queue_bytes 0/);
  assert.match(res.text, /bff_edge_reporter_queue_oldest_seconds 0/);
  assert.match(res.text, /^bff_classify_in_flight 0$/m, 'both answered requests left the in-flight gauge');
  assert.match(res.text, /bff_edge_reporter_dropped_total 0/);
});
