// The collector's read API: GET /api/traces, /api/traces/:id, /api/traces/:id/doctor, /api/stats.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { healthyChain } from './segment-factory';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector();
  for (const s of healthyChain('q-ok', 1_700_000_000_000)) collector.store.addSegment(s, 'http');
  const broken = healthyChain('q-broken', 1_700_000_200_000).slice(1); // the gateway segment never arrives
  for (const s of broken) collector.store.addSegment(s, 'http');
});
after(() => collector.stop());

async function get(path: string) {
  const res = await fetch(`${collector.httpUrl}${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

test('GET /api/traces lists recent traces, newest first, filterable by service and error', async () => {
  const all = await get('/api/traces');
  assert.equal(all.status, 200);
  assert.deepEqual(
    all.body.traces.map((t: any) => t.traceId),
    ['q-broken', 'q-ok'],
  );
  assert.equal(all.body.traces[1].rootEndpoint, 'POST:/inference/api/v1/classify');
  assert.deepEqual(all.body.traces[1].services, ['tyk-gateway', 'bff', 'model-server']);
  const byService = await get('/api/traces?service=tyk-gateway');
  assert.deepEqual(
    byService.body.traces.map((t: any) => t.traceId),
    ['q-ok'],
  );
  assert.deepEqual((await get('/api/traces?limit=1')).body.traces.length, 1);
  assert.deepEqual((await get('/api/traces?error=true')).body.traces, []);
});

test('GET /api/traces with a bad limit is a 400 COLLECTOR_ERR_BAD_QUERY', async () => {
  const res = await get('/api/traces?limit=-3');
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'COLLECTOR_ERR_BAD_QUERY');
  assert.match(res.body.detail, /limit must be an integer/);
});

test('GET /api/traces/:traceId gives {traceId, segments, logs} with enum names', async () => {
  const res = await get('/api/traces/q-ok');
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body).sort(), ['logs', 'segments', 'traceId']);
  assert.equal(res.body.segments.length, 3);
  assert.equal(res.body.segments[0].spans[0].spanType, 'Entry');
  assert.equal(res.body.segments[1].spans[1].refs[0].refType, 'CrossProcess');
});

test('GET /api/traces/:unknown is a 404 COLLECTOR_ERR_TRACE_NOT_FOUND', async () => {
  const res = await get('/api/traces/nope');
  assert.equal(res.status, 404);
  assert.deepEqual(
    { code: res.body.code, traceId: res.body.traceId, detail: res.body.detail },
    { code: 'COLLECTOR_ERR_TRACE_NOT_FOUND', traceId: null, detail: { traceId: 'nope' } },
  );
});

test('GET /api/traces/:traceId/doctor says the healthy trace is healthy and names the missing gateway segment', async () => {
  const ok = await get('/api/traces/q-ok/doctor');
  assert.deepEqual(ok.body, { traceId: 'q-ok', healthy: true, findings: [] });
  const broken = await get('/api/traces/q-broken/doctor');
  assert.equal(broken.body.healthy, false);
  assert.equal(broken.body.findings[0].rule, 'missing-parent-segment');
  assert.match(broken.body.findings[0].message, /The tyk-gateway segment q-broken-gw was not reported/);
});

test('GET /api/stats exposes stored and evicted counts', async () => {
  const res = await get('/api/stats');
  assert.equal(res.body.traces, 2);
  assert.equal(res.body.segments, 5);
  assert.deepEqual(res.body.evicted, { traces: 0, segments: 0, spans: 0 });
  assert.equal(typeof res.body.bounds.maxTraces, 'number');
});
