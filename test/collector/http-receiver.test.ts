// OAP's REST receiver paths on the embedded collector: what agents and our edge reporter POST.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';
import { healthyChain } from './segment-factory';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector({ maxBodyBytes: 64 * 1024 });
});
after(() => collector.stop());

async function post(path: string, body: unknown, raw?: string) {
  const res = await fetch(`${collector.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('POST /v3/segments stores a batch and answers {} like OAP', async () => {
  const res = await post('/v3/segments', healthyChain('http-batch'));
  assert.deepEqual(res, { status: 200, body: {} });
  const trace = await waitForTrace(collector, 'http-batch', (t) => t.segments.length === 3, { timeoutMs: 2000 });
  assert.deepEqual(trace.segments.map((s) => s.service).sort(), ['bff', 'model-server', 'tyk-gateway']);
});

test('POST /v3/segment stores one segment', async () => {
  const [gw] = healthyChain('http-one');
  assert.equal((await post('/v3/segment', gw)).status, 200);
  assert.equal(collector.store.getTrace('http-one')?.segments[0].traceSegmentId, 'http-one-gw');
});

test('enums as numbers and int64 times as strings are normalised to names and numbers', async () => {
  const res = await post('/v3/segments', [
    {
      traceId: 'http-numeric',
      traceSegmentId: 'seg-n',
      service: 'svc',
      serviceInstance: 'i',
      spans: [
        {
          spanId: 0,
          parentSpanId: -1,
          startTime: '1700000000000',
          endTime: '1700000000005',
          operationName: 'op',
          spanType: 1,
          spanLayer: 3,
          componentId: 49,
          peer: 'x:1',
          refs: [{ refType: 1, traceId: 'http-numeric', parentTraceSegmentId: 'p', parentSpanId: '2' }],
          logs: [{ time: '1700000000001', data: [{ key: 'event', value: 'e' }] }],
        },
      ],
    },
  ]);
  assert.equal(res.status, 200);
  const span = collector.store.getTrace('http-numeric')!.segments[0].spans[0];
  assert.equal(span.spanType, 'Exit');
  assert.equal(span.spanLayer, 'Http');
  assert.equal(span.startTime, 1_700_000_000_000);
  assert.equal(span.endTime, 1_700_000_000_005);
  assert.equal(span.refs[0].refType, 'CrossThread');
  assert.equal(span.refs[0].parentSpanId, 2);
  assert.equal(span.logs[0].time, 1_700_000_000_001);
  assert.deepEqual(span.tags, []);
  assert.equal(span.isError, false);
});

const badSegments: Record<string, { body?: unknown; raw?: string; code: string; detail: RegExp }> = {
  notJson: { raw: '{"traceId": ', code: 'COLLECTOR_ERR_BAD_JSON', detail: /JSON/ },
  notAnArray: { body: { traceId: 't' }, code: 'COLLECTOR_ERR_BAD_SEGMENT', detail: /segments: expected an array/ },
  missingTraceId: { body: [{ traceSegmentId: 's', spans: [] }], code: 'COLLECTOR_ERR_BAD_SEGMENT', detail: /segments\[0\]\.traceId: is required/ },
  unknownSpanType: {
    body: [{ traceId: 't', traceSegmentId: 's', spans: [{ spanId: 0, spanType: 'Server' }] }],
    code: 'COLLECTOR_ERR_BAD_SEGMENT',
    detail: /spans\[0\]\.spanType: expected one of Entry, Exit, Local/,
  },
  timeNotInteger: {
    body: [{ traceId: 't', traceSegmentId: 's', spans: [{ spanId: 0, startTime: '12.5' }] }],
    code: 'COLLECTOR_ERR_BAD_SEGMENT',
    detail: /startTime: expected an integer/,
  },
  enumNameInWrongCase: {
    body: [{ traceId: 't', traceSegmentId: 's', spans: [{ spanId: 0, spanLayer: 'HTTP' }] }],
    code: 'COLLECTOR_ERR_BAD_SEGMENT',
    detail: /spans\[0\]\.spanLayer: expected one of Unknown, Database, RPCFramework, Http, MQ, Cache, FAAS \(or 0\.\.6\), got "HTTP"; names are case-sensitive/,
  },
  spansNotArray: { body: [{ traceId: 't', traceSegmentId: 's', spans: 'x' }], code: 'COLLECTOR_ERR_BAD_SEGMENT', detail: /spans: expected an array/ },
};

for (const [name, c] of Object.entries(badSegments)) {
  test(`a bad /v3/segments payload (${name}) is a 400 in the shared error shape and stores nothing`, async () => {
    const before = collector.store.stats().received.segments;
    const res = await post('/v3/segments', c.body, c.raw);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, c.code);
    assert.equal(typeof res.body.error, 'string');
    assert.match(String(res.body.detail), c.detail);
    assert.equal(res.body.traceId, null);
    assert.equal(collector.store.stats().received.segments, before);
  });
}

test('a body over the limit is a 413 COLLECTOR_ERR_TOO_LARGE', async () => {
  const res = await post('/v3/segments', null, JSON.stringify([{ pad: 'x'.repeat(70 * 1024) }]));
  assert.equal(res.status, 413);
  assert.equal(res.body.code, 'COLLECTOR_ERR_TOO_LARGE');
  // the collector still answers afterwards
  assert.equal((await fetch(`${collector.httpUrl}/healthcheck`)).status, 200);
});

test('a chunked body that grows past the limit is a 413 too, answered without reading it all', async () => {
  const u = new URL(collector.httpUrl);
  const res = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: '/v3/segments', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (r) => {
        let b = '';
        r.on('data', (d) => (b += d));
        r.on('end', () => resolve({ status: r.statusCode, body: b }));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < 20; i++) req.write('x'.repeat(10 * 1024));
    req.end();
  });
  assert.equal(res.status, 413);
  assert.equal(JSON.parse(res.body).code, 'COLLECTOR_ERR_TOO_LARGE');
});

test('management reportProperties and keepAlive answer {} and record the instance', async () => {
  assert.deepEqual(
    await post('/v3/management/reportProperties', { service: 'tyk-gateway', serviceInstance: 'tyk', properties: [{ key: 'language', value: 'lua' }] }),
    { status: 200, body: {} },
  );
  assert.deepEqual(await post('/v3/management/keepAlive', { service: 'tyk-gateway', serviceInstance: 'tyk' }), { status: 200, body: {} });
  const inst = collector.store.instances().find((i) => i.service === 'tyk-gateway');
  assert.deepEqual(inst?.properties, [{ key: 'language', value: 'lua' }]);
  const bad = await post('/v3/management/keepAlive', { serviceInstance: 'tyk' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'COLLECTOR_ERR_BAD_INSTANCE');
});

test('POST /v3/logs files a log under its trace context', async () => {
  await post('/v3/segments', healthyChain('http-logs'));
  const res = await post('/v3/logs', [
    {
      timestamp: 1_700_000_000_050,
      service: 'bff',
      serviceInstance: 'bff-1',
      body: { text: { text: 'classified' } },
      traceContext: { traceId: 'http-logs', traceSegmentId: 'http-logs-bff', spanId: 0 },
      tags: { data: [{ key: 'level', value: 'INFO' }] },
    },
  ]);
  assert.equal(res.status, 200);
  const trace = collector.store.getTrace('http-logs')!;
  assert.equal(trace.logs.length, 1);
  assert.equal(trace.logs[0].body.text?.text, 'classified');
  assert.deepEqual(trace.logs[0].tags, [{ key: 'level', value: 'INFO' }]);
});

test('unknown paths are 404 and wrong methods 405, in the shared error shape', async () => {
  const missing = await fetch(`${collector.httpUrl}/v3/nothing`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { code: string }).code, 'COLLECTOR_ERR_NOT_FOUND');
  const wrong = await fetch(`${collector.httpUrl}/v3/segments`);
  assert.equal(wrong.status, 405);
  assert.equal(((await wrong.json()) as { code: string }).code, 'COLLECTOR_ERR_METHOD_NOT_ALLOWED');
});
