// Issue 3, tracing: the model server's segment holds the agent's entry span and the local stage
// spans image/decode, model/queue, model/infer, model/postprocess, all children of the entry span,
// tagged x-le, with batch/backend/model tags on model/infer. With concurrent keep-alive clients no
// span gets a wrong parent and no segment a foreign ref (skywalking-backend-js 0.9.0, apache/skywalking-nodejs: the await workaround).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestCollector, waitForTrace, type RunningCollector, type SegmentJson } from '../helpers/collector';
import { gradient, jpeg, photoLike } from '../../testkit/images';
import { spawnModelServer, type ModelChild } from './helpers/child';
import { randomId, callerSw8Header } from '../../testkit/edge-headers';
import { post as postRaw } from '../../testkit/raw-http';
import { expectedBackend } from './helpers/expected-backend';

const STAGES = ['image/decode', 'model/queue', 'model/infer', 'model/postprocess'];
let collector: RunningCollector;
let child: ModelChild;
let backend = '';

before(async () => {
  collector = await startTestCollector();
  child = await spawnModelServer({ SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress, SW_AGENT_NAME: 'model-server', MODEL_MAX_BATCH: '4' });
  // wasm here; tensorflow where @tensorflow/tfjs-node installed
  backend = String(child.lines.find((l) => l.msg === 'model ready')?.backend);
});

after(async () => {
  await child?.kill();
  await collector?.stop();
});

const post = (agent: http.Agent, body: Buffer, headers: Record<string, string>) =>
  postRaw(child.address, body, { 'Content-Type': 'image/jpeg', ...headers }, '/predict', agent);

function get(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${child.address}${path}`, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function modelSegment(segments: SegmentJson[]): SegmentJson | undefined {
  return segments.find((s) => s.service === 'model-server');
}

const tag = (span: { tags: Array<{ key: string; value: string }> }, key: string): string | undefined => span.tags.find((t) => t.key === key)?.value;

function assertStageSegment(seg: SegmentJson, traceId: string, parentSegmentId: string): void {
  assert.equal(seg.traceId, traceId);
  const entry = seg.spans.find((s) => s.spanType === 'Entry');
  assert.ok(entry, 'entry span');
  assert.equal(entry.operationName, 'POST:/predict');
  assert.equal(entry.parentSpanId, -1);
  assert.equal(entry.refs.length, 1, 'exactly one ref: the caller');
  assert.equal(entry.refs[0].traceId, traceId);
  assert.equal(entry.refs[0].parentTraceSegmentId, parentSegmentId);
  for (const s of seg.spans) if (s !== entry) assert.equal(s.refs.length, 0, `${s.operationName} carries no ref`);
  const locals = seg.spans.filter((s) => s.spanType === 'Local');
  assert.deepEqual(locals.map((s) => s.operationName).sort(), [...STAGES].sort());
  for (const s of locals) {
    assert.equal(s.parentSpanId, entry.spanId, `${s.operationName} is a child of the entry span`);
    assert.equal(tag(s, 'x-le'), '{"logic-span":true}', `${s.operationName} x-le`);
    assert.ok(s.startTime >= entry.startTime && s.endTime <= entry.endTime, `${s.operationName} inside the entry span`);
  }
  const infer = locals.find((s) => s.operationName === 'model/infer')!;
  assert.match(tag(infer, 'batch.size') ?? '', /^[1-4]$/);
  assert.equal(tag(infer, 'backend'), backend);
  assert.equal(backend, expectedBackend());
  assert.equal(tag(infer, 'model'), 'nsfwjs-mobilenet_v2');
  // stages run in order
  const start = (op: string): number => locals.find((s) => s.operationName === op)!.startTime;
  assert.ok(
    start('image/decode') <= start('model/queue') && start('model/queue') <= start('model/infer') && start('model/infer') <= start('model/postprocess'),
  );
}

describe('stage spans in the model server segment', () => {
  it('one traced request: entry span + four stage spans, parents, tags', async () => {
    const traceId = randomId();
    const parent = randomId();
    const agent = new http.Agent({ keepAlive: true });
    const res = await post(agent, await jpeg(photoLike(1024, 768, 4)), { sw8: callerSw8Header(traceId, parent) });
    assert.equal(res.status, 200, res.text);
    const trace = await waitForTrace(collector, traceId, (t) => modelSegment(t.segments) !== undefined);
    assertStageSegment(modelSegment(trace.segments)!, traceId, parent);
    agent.destroy();
  });

  it('a profiled request ran alone and carries the top kernels on model/infer (tfjs backends)', async () => {
    const traceId = randomId();
    const agent = new http.Agent({ keepAlive: true });
    const res = await post(agent, await jpeg(gradient(320, 240)), { sw8: callerSw8Header(traceId, randomId()), 'x-model-profile': '1' });
    agent.destroy();
    assert.equal(res.status, 200, res.text);
    const trace = await waitForTrace(collector, traceId, (t) => modelSegment(t.segments) !== undefined);
    const infer = modelSegment(trace.segments)!.spans.find((s) => s.operationName === 'model/infer')!;
    assert.equal(tag(infer, 'batch.size'), '1');
    if (backend === 'onnxruntime') {
      // onnxruntime times the batch, not each kernel
      assert.equal(tag(infer, 'profile.kernels'), undefined);
      assert.equal(JSON.parse(res.text).profile.batchSize, 1);
      return;
    }
    const kernels = JSON.parse(tag(infer, 'profile.kernels') ?? '[]') as Array<{ kernel: string; ms: number }>;
    assert.ok(kernels.length > 0 && kernels.every((k) => typeof k.kernel === 'string' && k.ms >= 0));
    assert.deepEqual(kernels, JSON.parse(res.text).profile.kernels);
  });

  it('concurrent keep-alive clients: every segment has the right parents and no foreign refs', async () => {
    const image = await jpeg(gradient(640, 480));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const sent: Array<{ traceId: string; parent: string }> = [];
    const results = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const ids = { traceId: randomId(), parent: randomId() };
        sent.push(ids);
        return post(agent, image, { sw8: callerSw8Header(ids.traceId, ids.parent) });
      }),
    );
    for (const r of results) assert.equal(r.status, 200, r.text);
    agent.destroy();
    for (const { traceId, parent } of sent) {
      const trace = await waitForTrace(collector, traceId, (t) => modelSegment(t.segments) !== undefined);
      const segments = trace.segments.filter((s) => s.service === 'model-server');
      assert.equal(segments.length, 1, `one model-server segment in trace ${traceId}`);
      assertStageSegment(segments[0], traceId, parent);
    }
    // every model-server segment anywhere refers only to its own trace
    for (const seg of collector.store.allSegments().filter((s) => s.service === 'model-server')) {
      for (const span of seg.spans) for (const ref of span.refs) assert.equal(ref.traceId, seg.traceId, 'no foreign ref');
    }
  });

  it('a failed decode marks image/decode as an error; health, readiness, metrics and metadata are not traced', async () => {
    const ignoredTrace = randomId();
    for (const p of ['/healthz', '/readyz', '/metrics', '/v1/models/default']) {
      assert.equal(await get(p, { sw8: callerSw8Header(ignoredTrace, randomId()) }), 200);
    }
    const traceId = randomId();
    const agent = new http.Agent({ keepAlive: true });
    const res = await post(agent, Buffer.from('definitely not an image'), { sw8: callerSw8Header(traceId, randomId()) });
    agent.destroy();
    assert.equal(res.status, 415);
    assert.equal(JSON.parse(res.text).traceId, traceId, 'the error body carries the trace id');
    const trace = await waitForTrace(collector, traceId, (t) => modelSegment(t.segments) !== undefined);
    const seg = modelSegment(trace.segments)!;
    const decode = seg.spans.find((s) => s.operationName === 'image/decode');
    assert.ok(decode?.isError, 'image/decode is an error');
    assert.equal(
      seg.spans.find((s) => s.operationName === 'model/infer'),
      undefined,
      'no infer span after a failed decode',
    );
    // reported after the ignored requests, so they would have arrived by now
    assert.equal(collector.store.getTrace(ignoredTrace), undefined);
  });
});
