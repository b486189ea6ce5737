/**
 * Hostile and clumsy clients of the model server (issue 9 §5, §8, §9). Each named case asserts the
 * answer (status and the {code, error, detail?, traceId} shape) and that the server still answers
 * /healthz and a real /predict right after it.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { runHostileTable, type HostileCase } from './hostile-table';
import http from 'node:http';
import type { ModelServer } from '../../model/server';
import { jpeg, noise, photoLike, solid } from '../../testkit/images';
import { post, rawRequest, trickle, type Answer } from '../../testkit/raw-http';
import { startTestServer } from '../model/helpers/server';
import { MULTIPART_TYPE, multipartBody } from '../../testkit/bff/multipart';

const MAX_BYTES = 1024 * 1024;
let server: ModelServer;
let photo: Buffer;

before(async () => {
  server = await startTestServer({
    maxBytes: MAX_BYTES,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 20_000,
    bodyIdleTimeoutMs: 500,
    bodyMinBytesPerSecond: 1024,
    bodyRateGraceMs: 1000,
  });
  await server.ready;
  photo = await jpeg(photoLike(320, 240, 51));
});
after(() => server?.stop());

async function assertStillServing(): Promise<void> {
  assert.equal((await fetch(`${server.address}/healthz`)).status, 200);
  const ok = await post(server.address, photo);
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
}

function assertErrorShape(json: any, code: string): void {
  assert.equal(json.code, code, JSON.stringify(json).slice(0, 300));
  assert.equal(typeof json.error, 'string');
  assert.ok('traceId' in json, 'not the shared {code, error, detail, traceId} shape');
  assert.ok(!JSON.stringify(json).includes('    at '), 'no stack trace');
}

const raw = (bytes: string | Buffer) => rawRequest(server.address, bytes);
const predict = (body: Buffer | string, headers: Record<string, string>, path = '/predict'): Promise<Answer> => post(server.address, body, headers, path);

const cases: HostileCase[] = [
  {
    name: 'headersOver16KiB',
    send: () => raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    status: 431,
    code: 'MODEL_ERR_HEADERS_TOO_LARGE',
  },
  { name: 'bytesThatAreNotHttp', send: () => raw('\x16\x03\x01\x02\x00hello, TLS?\r\n\r\n'), status: 400, code: 'MODEL_ERR_BAD_REQUEST' },
  { name: 'headersThatNeverEnd', send: () => raw('POST /predict HTTP/1.1\r\nHost: x\r\nX-Slow: '), status: 408, code: 'MODEL_ERR_REQUEST_TIMEOUT' },
  {
    name: 'bodyTricklingAt200BytesPerSecond',
    send: () => trickle(server.address, photo, { chunk: 20, everyMs: 100 }),
    status: 408,
    code: 'MODEL_ERR_BODY_TOO_SLOW',
    check: (json) => assert.equal(json.detail.rule, 'rate'),
  },
  {
    name: 'bodyThatStopsHalfway',
    send: () => trickle(server.address, photo, { chunk: 4096, everyMs: 5, stallAfter: 4096 }),
    status: 408,
    code: 'MODEL_ERR_BODY_TOO_SLOW',
    check: (json) => assert.equal(json.detail.rule, 'idle'),
  },
  {
    name: 'gzipEncodedBody',
    send: () => predict(photo, { 'Content-Type': 'image/jpeg', 'Content-Encoding': 'gzip' }),
    status: 415,
    code: 'MODEL_ERR_UNSUPPORTED_ENCODING',
  },
  {
    name: 'declaredLengthOverTheLimit',
    send: () => raw(`POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: ${MAX_BYTES + 1}\r\n\r\n`),
    status: 413,
    code: 'MODEL_ERR_TOO_LARGE',
  },
  {
    name: 'chunkedBodyOverTheLimit',
    send: async () =>
      predict(Buffer.concat([photo, await noise(1024, 1024, 3).png().toBuffer()]), { 'Content-Type': 'image/jpeg', 'Transfer-Encoding': 'chunked' }),
    status: 413,
    code: 'MODEL_ERR_TOO_LARGE',
  },
  {
    name: 'decompressionBomb',
    send: async () => post(server.address, await solid(8000, 6000, '#808080').png().toBuffer(), { 'Content-Type': 'image/png' }),
    status: 413,
    code: 'MODEL_ERR_TOO_MANY_PIXELS',
  },
  { name: 'truncatedJpeg', send: () => post(server.address, photo.subarray(0, 600)), status: 422, code: 'MODEL_ERR_CORRUPT_IMAGE' },
  { name: 'textLabelledJpeg', send: () => post(server.address, Buffer.from('<html>not an image</html>')), status: 415, code: 'MODEL_ERR_UNSUPPORTED_TYPE' },
  { name: 'tiffImage', send: async () => post(server.address, await solid(20, 20, 'red').tiff().toBuffer()), status: 415, code: 'MODEL_ERR_UNSUPPORTED_TYPE' },
  { name: 'emptyBody', send: () => predict('', { 'Content-Type': 'image/jpeg', 'Content-Length': '0' }), status: 400, code: 'MODEL_ERR_NO_FILE' },
  {
    name: 'multipartWithoutFileField',
    send: () => predict(multipartBody([{ name: 'image', filename: 'a.jpg', data: photo }]), { 'Content-Type': MULTIPART_TYPE }),
    status: 400,
    code: 'MODEL_ERR_NO_FILE',
  },
  { name: 'multipartWithoutBoundary', send: () => predict(photo, { 'Content-Type': 'multipart/form-data' }), status: 400, code: 'MODEL_ERR_BAD_REQUEST' },
  { name: 'topKNotANumber', send: () => predict(photo, { 'Content-Type': 'image/jpeg' }, '/predict?top_k=lots'), status: 400, code: 'MODEL_ERR_BAD_REQUEST' },
  { name: 'unknownPath', send: () => predict(photo, { 'Content-Type': 'image/jpeg' }, '/../../etc/passwd'), status: 404, code: 'MODEL_ERR_NOT_FOUND' },
  {
    name: 'clientGoneMidUpload',
    send: async () => {
      const url = new URL(server.address);
      const req = http.request({
        agent: false,
        host: url.hostname,
        port: url.port,
        path: '/predict',
        method: 'POST',
        headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(photo.length) },
      });
      req.on('error', () => undefined);
      req.write(photo.subarray(0, 1000));
      await new Promise((r) => setTimeout(r, 50));
      req.destroy();
      await new Promise((r) => setTimeout(r, 50));
      return { status: 0, json: {} };
    },
    status: 0,
    check: () => assert.equal(server.pool()!.stats().admitted, 0, 'no queue place held by the gone client'),
  },
];

runHostileTable('model: hostile requests', cases, { assertErrorShape, assertStillServing });
