/**
 * Hostile input to the local edge (issue 9), the emulator and the BFF as child processes with
 * the built bundle and the BFF's agent on. Each named case asserts the status, the shared error
 * shape `{code, error, detail, traceId}`, that both processes are still alive and answering, and,
 * where the request is served, that its trace (gateway segment + BFF segment) arrives complete.
 * Before issue 9 the first case killed the emulator (ERR_INVALID_CHAR from http.request).
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before } from 'node:test';
import { startTestCollector, waitForTrace, type RunningCollector, type TraceView } from '../helpers/collector';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { spawnService, spawnTracedBff, type SpawnedService } from '../bff/helpers/spawn';
import { runHostileCases, sw8With, type HostileAnswer, type HostileCase } from '../bff/helpers/hostile-cases';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { fakePng } from '../../testkit/images';
import { rawHead, rawRequest } from '../../testkit/raw-http';
import { isCompleteBffTrace } from '../bff/helpers/complete-trace';

const BFF_SERVICE = 'bff-hostile-edge';
let collector: RunningCollector;
let model: ModelStandIn;
let bff: SpawnedService;
let edge: SpawnedService;
let edgeUrl: string;

before(async () => {
  collector = await startTestCollector();
  model = await startModelStandIn();
  const secret = 'hostile-edge-secret';
  bff = await spawnTracedBff(collector, model.url, BFF_SERVICE, { EDGE_SHARED_SECRET: secret, EDGE_REPORT_INTERVAL_MS: '100' });
  edge = await spawnService('edge-emulator/main.ts', { PORT: '0', BFF_URL: bff.address, EDGE_SHARED_SECRET: secret });
  edgeUrl = `http://${edge.address}`;
});
after(async () => {
  await edge?.kill();
  await bff?.kill();
  await model?.close();
  await collector?.stop();
});

const image = multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(600) }]);

async function classify(headers: Record<string, string>, body: Buffer = image, path = '/inference/api/v1/classify'): Promise<HostileAnswer> {
  const res = await fetch(`${edgeUrl}${path}`, { method: 'POST', headers: { 'content-type': MULTIPART_TYPE, ...headers }, body });
  return { status: res.status, json: await res.json(), traceHeader: res.headers.get('x-trace-id') };
}

async function get(path: string): Promise<HostileAnswer> {
  const res = await fetch(`${edgeUrl}${path}`);
  return { status: res.status, json: await res.json() };
}

async function raw(bytes: string): Promise<HostileAnswer> {
  const answer = await rawRequest(edgeUrl, bytes);
  return { status: answer.status, json: answer.json };
}

/** The gateway's segment and the BFF's, the BFF's entry referring to the gateway's exit span. */
function isCompleteEdgeTrace(trace: TraceView): boolean {
  const gateway = trace.segments.find((s) => s.service === 'tyk-gateway');
  const bffSeg = trace.segments.find((s) => s.service === BFF_SERVICE);
  if (!gateway || !bffSeg || gateway.spans.length < 2) return false;
  const entry = bffSeg.spans.find((s) => s.spanType === 'Entry');
  const onlyBff = { ...trace, segments: trace.segments.filter((s) => s.service === BFF_SERVICE) };
  const withoutRefs = { ...onlyBff, segments: onlyBff.segments.map((s) => ({ ...s, spans: s.spans.map((sp) => ({ ...sp, refs: [] })) })) };
  return (
    !!entry && entry.refs.some((r) => r.parentTraceSegmentId === gateway.traceSegmentId && r.parentSpanId === 1) && isCompleteBffTrace(withoutRefs, BFF_SERVICE)
  );
}

const cases: HostileCase[] = [
  { name: 'sw8NonAsciiTraceIdOnceKilledTheEdge', send: () => classify({ sw8: sw8With(1, Buffer.from('trace-日本-1').toString('base64')) }), status: 200 },
  { name: 'sw8CrLfInTraceId', send: () => classify({ sw8: sw8With(1, Buffer.from('abc\r\nx-injected: 1').toString('base64')) }), status: 200 },
  { name: 'sw8TenKilobytes', send: () => classify({ sw8: sw8With(6, 'QUFB'.repeat(2560)) }), status: 200 },
  { name: 'forgedEdgeStartFrom1970', send: () => classify({ 'x-sw-edge-start': '1', 'x-sw-edge-post': '2', 'x-sw-edge-key': 'guess' }), status: 200 },
  {
    name: 'headersOver16KiB',
    send: () => raw(rawHead('GET', '/inference/healthz', [`x-filler: ${'a'.repeat(17 * 1024)}`])),
    status: 431,
    code: 'EDGE_ERR_HEADERS_TOO_LARGE',
  },
  {
    name: 'ninetyOneHeaders',
    send: () =>
      raw(
        rawHead(
          'GET',
          '/inference/healthz',
          Array.from({ length: 90 }, (_, i) => `x-h${i}: ${i}`),
        ),
      ),
    status: 431,
    code: 'EDGE_ERR_TOO_MANY_HEADERS',
  },
  { name: 'notHttpAtAll', send: () => raw('HELLO THERE\r\n\r\n'), status: 400, code: 'EDGE_ERR_BAD_REQUEST' },
  { name: 'bffMetricsThroughTheGateway', send: () => get('/inference/metrics'), status: 403, code: 'EDGE_ERR_FORBIDDEN_PATH' },
  { name: 'bffMetricsPercentEncodedThroughTheGateway', send: () => get('/inference/%6Detrics'), status: 403, code: 'EDGE_ERR_FORBIDDEN_PATH' },
  { name: 'bffMetricsInCapitalsThroughTheGateway', send: () => get('/inference/METRICS'), status: 403, code: 'EDGE_ERR_FORBIDDEN_PATH' },
  { name: 'bffReadinessThroughTheGateway', send: () => get('/inference/readyz'), status: 403, code: 'EDGE_ERR_FORBIDDEN_PATH' },
  { name: 'bffLivenessThroughTheGateway', send: () => get('/inference/healthz'), status: 403, code: 'EDGE_ERR_FORBIDDEN_PATH' },
  {
    name: 'webhookEndpointThroughTheGateway',
    send: () => classify({}, Buffer.from('{}'), '/inference/_edge/rejected'),
    status: 403,
    code: 'EDGE_ERR_FORBIDDEN_PATH',
  },
  { name: 'keyedBffHealthThroughTheGateway', send: () => get('/keyed/healthz'), status: 403, code: 'EDGE_ERR_FORBIDDEN_PATH' },
  { name: 'pathOutsideEveryApi', send: () => get('/admin'), status: 404, code: 'EDGE_ERR_NOT_FOUND' },
  {
    name: 'gzipUploadAnsweredByTheBff',
    send: () => classify({ 'content-encoding': 'gzip' }, gzipSync(image)),
    status: 415,
    code: 'BFF_ERR_UNSUPPORTED_ENCODING',
    check: (a) => assert.match(a.json.traceId, /^[0-9a-f]{32}$/, 'the edge minted trace id'),
  },
];

async function assertStillServing(): Promise<void> {
  for (const s of [edge, bff]) assert.equal(s.proc.exitCode, null, `a process exited: ${s.stderr().slice(0, 2000)}`);
  const hello = await get('/hello');
  assert.equal(hello.status, 200);
  assert.equal(hello.json.status, 'pass');
  const ordinary = await classify({});
  assert.equal(ordinary.status, 200, JSON.stringify(ordinary.json));
}

runHostileCases('edge emulator hostile cases', cases, {
  traceArrived: async (traceId) => {
    const trace = await waitForTrace(collector, traceId, isCompleteEdgeTrace, { timeoutMs: 15_000 });
    const gatewayEntry = trace.segments.find((s) => s.service === 'tyk-gateway')!.spans.find((s) => s.spanId === 0)!;
    assert.ok(Math.abs(gatewayEntry.startTime - Date.now()) < 60_000, `the gateway segment starts at ${gatewayEntry.startTime}`);
  },
  stillServing: assertStillServing,
});
