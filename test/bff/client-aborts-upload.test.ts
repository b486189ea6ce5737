/**
 * A client that hangs up mid-upload: the BFF aborts its model call, stays up, and (through the
 * edge) reports the gateway's segment with status 499, since no answer was given.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startTestBff, type TestBff } from './helpers/bff';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { fakePng, PNG_HEAD } from '../../testkit/images';
import { BOUNDARY, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';
import { startFaultOap, type FaultOap } from './helpers/fault-oap';
import { poll } from '../../testkit/poll';

let model: ModelStandIn;
let oap: FaultOap;
let bff: TestBff;

before(async () => {
  model = await startModelStandIn({ keepBody: false });
  oap = await startFaultOap();
  bff = await startTestBff({ modelUrl: model.url, oapHttpUrl: oap.url, edgeReportIntervalMs: 20 });
});
after(async () => {
  await bff.stop();
  await oap.close();
  await model.close();
});

test('client disconnects mid-upload: the model call is aborted, the BFF keeps serving, the edge segment says 499', async () => {
  const segmentId = randomBytes(16).toString('hex');
  const start = Date.now();
  const req = http.request(`${bff.address}/api/v1/classify`, {
    method: 'POST',
    headers: { ...edgeHeaders({ start, post: start, sw8: edgeSw8({ parentSegmentId: segmentId }) }), 'content-type': MULTIPART_TYPE },
  });
  req.on('error', () => undefined);
  req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`);
  req.write(Buffer.concat([PNG_HEAD, Buffer.alloc(256 * 1024, 1)]));
  await poll(
    () => model.bytesRead() > 0,
    () => 'the upload never reached the model',
    'upload bytes at the model',
  );
  const before = model.received.length;
  req.destroy();

  const segment = await poll(
    () => oap.requests.flatMap((r) => r.body as any[]).find((s) => s.traceSegmentId === segmentId),
    () => `no edge segment; requests: ${oap.requests.length}`,
    'the edge segment',
  );
  assert.deepEqual(
    segment.spans[0].tags.find((t: any) => t.key === 'http.status_code'),
    { key: 'http.status_code', value: '499' },
  );
  assert.equal(model.received.length, before);
  await poll(
    () => model.received.at(-1)!.aborted,
    () => 'the model request was not aborted',
    'the model request to be aborted',
  );
  await request(bff.address).post('/api/v1/classify').attach('image', fakePng(1000), 'a.png').expect(200);
});
