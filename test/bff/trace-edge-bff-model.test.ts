/**
 * Issue 4's multi-process test: the BFF and the real model server as child processes (one agent
 * each), the embedded collector in this process, and a request carrying the edge headers exactly
 * as the gateway sends them. One trace must arrive in which
 *   - the gateway's own segment (built by the BFF's reporter) refers to the client's sw8,
 *   - the BFF's segment refers to the gateway's exit span (edge segment id, span 1),
 *   - the model's segment refers to the BFF's exit span,
 *   - the BFF's shipped log lines carry the BFF segment's ids.
 * The same processes then check the BFF ↔ real model contract (errors pass through, formats).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { jpeg, solid } from '../../testkit/images';
import { startTestCollector, waitForTrace, type RunningCollector, type SegmentJson } from '../helpers/collector';
import { spawnService, type SpawnedService } from './helpers/spawn';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { clientSw8, edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';
import { poll } from '../../testkit/poll';

let collector: RunningCollector;
let model: SpawnedService | undefined;
let bff: SpawnedService | undefined;

before(async () => {
  collector = await startTestCollector();
  const agentEnv = { SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress };
  // The model listens at once and loads behind /readyz; its address is all the BFF needs.
  model = await spawnService('model/main.ts', { ...agentEnv, PORT: '0', MODEL_WORKERS: '1', SW_AGENT_NAME: 'model-server' }, 30_000);
  bff = await spawnService('bff/main.ts', {
    ...agentEnv,
    PORT: '0',
    MODEL_URL: model.address,
    SW_OAP_HTTP_URL: collector.httpUrl,
    EDGE_REPORT_INTERVAL_MS: '200',
    BFF_SHIP_LOGS: 'true',
  });
  await poll(
    () => model!.lines.some((l) => l.msg === 'model ready'),
    () => `model never became ready: ${model!.stderr().slice(0, 1000)}`,
    'the model to be ready',
    { timeoutMs: 90_000 },
  );
});

after(async () => {
  for (const s of [bff, model]) await s?.stop();
  await collector.stop();
});

const bySvc = (segments: SegmentJson[], service: string) => segments.find((s) => s.service === service);

test('edge → BFF → model is one trace, each segment referring to its caller exit span', { timeout: 120_000 }, async () => {
  const traceId = randomBytes(16).toString('hex');
  const edgeSegmentId = randomBytes(16).toString('hex');
  const client = clientSw8({ traceId });
  const edge = edgeSw8({ traceId, parentSegmentId: edgeSegmentId, networkAddressUsedAtPeer: 'tyk-upstream-classify' });
  const image = await jpeg(solid(96, 96, 'rgb(200,120,40)'));
  for (const probe of ['/healthz', '/readyz', '/metrics']) assert.equal((await fetch(`${bff!.address}${probe}`)).status, 200, probe);
  const start = Date.now();
  const res = await fetch(`${bff!.address}/api/v1/classify`, {
    method: 'POST',
    headers: { ...edgeHeaders({ start, post: start + 2, apiId: 'classify-api', sw8: edge, parent: client }), 'content-type': MULTIPART_TYPE },
    body: multipartBody([{ name: 'image', filename: 'a.jpg', contentType: 'image/jpeg', data: image }]),
  });
  const body = (await res.json()) as { traceId: string; model: string; predictions: { label: string; probability: number }[] };
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.traceId, traceId);
  assert.equal(res.headers.get('x-trace-id'), traceId);
  assert.ok(body.predictions.length > 0, 'predictions');
  assert.match(res.headers.get('server-timing') ?? '', /^edge;dur=2, bff;dur=[\d.]+, model;dur=[\d.]+, infer;dur=[\d.]+$/);

  const trace = await waitForTrace(
    collector,
    traceId,
    (t) => ['tyk-gateway', 'bff', 'model-server'].every((svc) => t.segments.some((s) => s.service === svc)) && t.logs.some((l) => l.service === 'bff'),
    { timeoutMs: 30_000 },
  );

  const edgeSeg = bySvc(trace.segments, 'tyk-gateway')!;
  assert.equal(edgeSeg.traceSegmentId, edgeSegmentId);
  const edgeEntry = edgeSeg.spans.find((s) => s.spanId === 0)!;
  assert.equal(edgeEntry.refs[0].parentTraceSegmentId, client.parentSegmentId);
  const edgeExit = edgeSeg.spans.find((s) => s.spanId === 1)!;
  assert.equal(edgeExit.spanType, 'Exit');

  const bffSeg = bySvc(trace.segments, 'bff')!;
  const bffEntry = bffSeg.spans.find((s) => s.spanType === 'Entry')!;
  assert.equal(bffEntry.operationName, 'POST:/api/v1/classify');
  assert.equal(bffEntry.refs.length, 1);
  assert.equal(bffEntry.refs[0].parentTraceSegmentId, edgeSegmentId);
  assert.equal(bffEntry.refs[0].parentSpanId, 1);
  assert.equal(bffEntry.refs[0].parentService, 'tyk-gateway');
  assert.equal(bffEntry.refs[0].networkAddressUsedAtPeer, edgeExit.peer, 'the alias OAP builds: edge exit peer = address the BFF was called by');
  const bffExit = bffSeg.spans.find((s) => s.spanType === 'Exit' && s.operationName === '/predict');
  assert.ok(bffExit, 'BFF exit span to /predict');
  assert.ok(!bffSeg.spans.some((s) => s.operationName === '/v3/segments' || s.operationName === '/v3/logs'), 'no spans for the reporter or log shipping');

  const modelSeg = bySvc(trace.segments, 'model-server')!;
  const modelEntry = modelSeg.spans.find((s) => s.spanType === 'Entry')!;
  assert.equal(modelEntry.refs[0].parentTraceSegmentId, bffSeg.traceSegmentId);
  assert.equal(modelEntry.refs[0].parentSpanId, bffExit.spanId);
  assert.equal(modelEntry.refs[0].networkAddressUsedAtPeer, bffExit.peer);

  // Edge spans enclose the BFF's: the gateway answered after the BFF did.
  assert.ok(edgeEntry.startTime <= bffEntry.startTime, `edge starts ${edgeEntry.startTime}, BFF ${bffEntry.startTime}`);
  assert.ok(edgeEntry.endTime >= bffEntry.endTime, `edge ends ${edgeEntry.endTime}, BFF ${bffEntry.endTime}`);

  // SW_TRACE_IGNORE_PATH default: health, readiness and metrics make no BFF segments.
  const bffOps = collector.store
    .allSegments()
    .filter((s) => s.service === 'bff')
    .flatMap((s) => s.spans.map((sp) => sp.operationName));
  for (const ignored of ['GET:/healthz', 'GET:/readyz', 'GET:/metrics', '/healthz']) assert.ok(!bffOps.includes(ignored), `${ignored} not traced`);

  const shipped = trace.logs.filter((l) => l.service === 'bff');
  assert.ok(
    shipped.some((l) => l.traceContext?.traceSegmentId === bffSeg.traceSegmentId),
    'shipped BFF logs point into the BFF segment',
  );
  const classified = bff!.lines.find((l) => l.msg === 'classified' && l.traceId === traceId);
  assert.ok(classified, 'stdout log line with the trace id');
  assert.equal(classified.segmentId, bffSeg.traceSegmentId);
  assert.equal(typeof classified.spanId, 'number');
});

test('against the real model: a PNG that does not decode → the model 4xx passes through with its error in detail', async () => {
  const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 3)]);
  const res = await fetch(`${bff!.address}/api/v1/classify`, {
    method: 'POST',
    headers: { 'content-type': MULTIPART_TYPE },
    body: multipartBody([{ name: 'image', filename: 'broken.png', contentType: 'image/png', data: fake }]),
  });
  const body = (await res.json()) as { code: string; detail: { code: string; error: string }; traceId: string };
  assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  assert.equal(body.code, 'BFF_ERR_MODEL_REJECTED');
  assert.match(body.detail.code, /^MODEL_ERR_/);
  assert.equal(typeof body.detail.error, 'string');
  assert.match(body.traceId, /^[0-9a-f]{32}$/);
});

test('against the real model: a PNG and a WebP classify with the model name and a probability per label', async () => {
  for (const format of ['png', 'webp'] as const) {
    const image = await solid(64, 48, 'rgb(10,200,90)')[format]().toBuffer();
    const res = await fetch(`${bff!.address}/api/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': MULTIPART_TYPE },
      body: multipartBody([{ name: 'image', filename: `x.${format}`, data: image }]),
    });
    const body = (await res.json()) as { model: string; predictions: { label: string; probability: number }[] };
    assert.equal(res.status, 200, `${format}: ${JSON.stringify(body)}`);
    assert.equal(typeof body.model, 'string');
    for (const p of body.predictions) assert.ok(typeof p.label === 'string' && p.probability >= 0 && p.probability <= 1);
  }
});
