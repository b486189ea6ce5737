/**
 * Hostile input to the BFF (issue 9), a child process with its agent on, as in production. Each
 * named case asserts the status, the shared error shape `{code, error, detail, traceId}`, that the
 * process is still alive and answering, and, where the request is served, that its trace arrives
 * complete at the collector.
 */
import assert from 'node:assert/strict';
import { gzipSync, brotliCompressSync, deflateSync } from 'node:zlib';
import { after, before } from 'node:test';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { spawnTracedBff, type SpawnedService } from '../bff/helpers/spawn';
import { runHostileCases, sw8With, type HostileAnswer, type HostileCase } from '../bff/helpers/hostile-cases';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { fakePng } from '../../testkit/images';
import { rawHead, rawRequest, type RawAnswer } from '../../testkit/raw-http';
import { isCompleteBffTrace } from '../bff/helpers/complete-trace';
import { clientSw8 } from '../../testkit/edge-headers';
import { formatSw8 } from '../../trace/sw8';
import { nodeBase64 } from '../../trace/platform/node-base64';

const SERVICE = 'bff-hostile';
let collector: RunningCollector;
let model: ModelStandIn;
let bff: SpawnedService;

before(async () => {
  collector = await startTestCollector();
  model = await startModelStandIn();
  bff = await spawnTracedBff(collector, model.url, SERVICE, { EDGE_REPORT_INTERVAL_MS: '100', BFF_HEADERS_TIMEOUT_MS: '1000' });
});
after(async () => {
  await bff?.kill();
  await model?.close();
  await collector?.stop();
});

const image = multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(600) }]);

async function classify(headers: Record<string, string>, body: Buffer = image): Promise<HostileAnswer> {
  const res = await fetch(`${bff.address}/api/v1/classify`, { method: 'POST', headers: { 'content-type': MULTIPART_TYPE, ...headers }, body });
  return { status: res.status, json: await res.json(), traceHeader: res.headers.get('x-trace-id') };
}

async function raw(bytes: string): Promise<HostileAnswer> {
  const answer = await rawRequest(bff.address, bytes);
  return { status: answer.status, json: answer.json, traceHeader: answer.headers['x-trace-id'] };
}

const cases: HostileCase[] = [
  { name: 'sw8BadBase64', send: () => classify({ sw8: sw8With(2, '%%%%') }), status: 200 },
  { name: 'sw8TenKilobytes', send: () => classify({ sw8: sw8With(6, 'QUFB'.repeat(2560)) }), status: 200 },
  { name: 'sw8NonAsciiTraceId', send: () => classify({ sw8: sw8With(1, Buffer.from('trace-日本-1').toString('base64')) }), status: 200 },
  { name: 'sw8Repeated', send: () => classify({ sw8: `${formatSw8(clientSw8(), nodeBase64)}, ${formatSw8(clientSw8(), nodeBase64)}` }), status: 200 },
  {
    name: 'headersOver20KiB',
    send: () => raw(rawHead('GET', '/healthz', [`x-filler: ${'a'.repeat(21 * 1024)}`])),
    status: 431,
    code: 'BFF_ERR_HEADERS_TOO_LARGE',
    check: (a) => assert.deepEqual(a.json.detail, { limitBytes: 20 * 1024 }),
  },
  {
    name: 'oneHundredAndOneHeaders',
    send: () =>
      raw(
        rawHead(
          'GET',
          '/healthz',
          Array.from({ length: 100 }, (_, i) => `x-h${i}: ${i}`),
        ),
      ),
    status: 431,
    code: 'BFF_ERR_TOO_MANY_HEADERS',
    check: (a) => assert.deepEqual(a.json.detail, { limit: 100 }),
  },
  {
    name: 'headersNeverFinished',
    send: async () => {
      // Slowloris: a head that never ends holds a connection only until BFF_HEADERS_TIMEOUT_MS.
      const answer: RawAnswer = await rawRequest(bff.address, 'GET /healthz HTTP/1.1\r\nHost: x\r\nx-slow: 1\r\n');
      return { status: answer.status, json: answer.json };
    },
    status: 408,
    code: 'BFF_ERR_HEADERS_TIMEOUT',
    check: (a) => assert.deepEqual(a.json.detail, { timeoutMs: 1000 }),
  },
  {
    name: 'forgedEdgeStartFrom1970',
    send: () => classify({ 'x-sw-edge-start': '1', 'x-sw-edge-post': '2' }),
    status: 200,
    check: async (a) => {
      const trace = collector.store.getTrace(a.traceHeader!);
      assert.ok(!trace?.segments.some((s) => s.service === 'tyk-gateway'), 'a gateway segment from forged times');
      const metrics = await (await fetch(`${bff.address}/metrics`)).text();
      assert.match(metrics, /^bff_edge_segments_skipped_total\{reason="implausibleTime"\} [1-9]/m);
    },
  },
  { name: 'notHttpAtAll', send: () => raw('HELLO THERE\r\n\r\n'), status: 400, code: 'BFF_ERR_BAD_REQUEST' },
  { name: 'headerWithoutColon', send: () => raw('GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'), status: 400, code: 'BFF_ERR_BAD_REQUEST' },
  { name: 'gzipUpload', send: () => classify({ 'content-encoding': 'gzip' }, gzipSync(image)), status: 415, code: 'BFF_ERR_UNSUPPORTED_ENCODING' },
  { name: 'brotliUpload', send: () => classify({ 'content-encoding': 'br' }, brotliCompressSync(image)), status: 415, code: 'BFF_ERR_UNSUPPORTED_ENCODING' },
  { name: 'deflateUpload', send: () => classify({ 'content-encoding': 'deflate' }, deflateSync(image)), status: 415, code: 'BFF_ERR_UNSUPPORTED_ENCODING' },
  {
    name: 'plainBodyLabelledGzip',
    send: () => classify({ 'content-encoding': 'gzip' }),
    status: 415,
    code: 'BFF_ERR_UNSUPPORTED_ENCODING',
    check: (a) => assert.deepEqual(a.json.detail, { contentEncoding: 'gzip', accepted: ['identity'] }),
  },
  { name: 'identityEncodingIsFine', send: () => classify({ 'content-encoding': 'identity' }), status: 200 },
  {
    name: 'fileInTheWrongField',
    send: () => classify({}, multipartBody([{ name: 'file', filename: 'a.png', data: fakePng(600) }])),
    status: 400,
    code: 'BFF_ERR_WRONG_FIELD',
    check: (a) => assert.deepEqual(a.json.detail, { field: 'file', expected: 'image' }),
  },
];

async function assertStillServing(): Promise<void> {
  assert.equal(bff.proc.exitCode, null, `the BFF exited: ${bff.stderr().slice(0, 2000)}`);
  assert.equal((await fetch(`${bff.address}/healthz`)).status, 200);
  const ordinary = await classify({});
  assert.equal(ordinary.status, 200, JSON.stringify(ordinary.json));
}

runHostileCases('BFF hostile cases', cases, {
  traceArrived: async (traceId) => {
    await waitForTrace(collector, traceId, (t) => isCompleteBffTrace(t, SERVICE), { timeoutMs: 15_000 });
  },
  stillServing: assertStillServing,
});
