/**
 * The reporter's (and the readiness probe's) own HTTP traffic creates no spans, even when it runs
 * inside a traced request: the real agent runs in this process, and a plain `http.request` made
 * in the same handler proves it is live (it gets an exit span and sends sw8).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import agent from 'skywalking-backend-js';
import { startTestCollector, waitForSegments, type RunningCollector } from '../helpers/collector';
import { startFaultOap, type FaultOap } from './helpers/fault-oap';
import { EdgeSegmentReporter } from '../../bff/edge-segment/reporter';
import { probeModel } from '../../bff/model-probe';
import { createSegment } from '../../trace/segment';
import { createSpan } from '../../trace/span';

let collector: RunningCollector;
let oap: FaultOap;
let app: http.Server;
let appUrl: string;

function post(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

before(async () => {
  collector = await startTestCollector();
  agent.start({ serviceName: 'reporter-untraced-test', serviceInstance: 'test', collectorAddress: collector.grpcAddress, traceIgnorePath: '' });
  oap = await startFaultOap();
  const reporter = new EdgeSegmentReporter({ oapHttpUrl: oap.url, intervalMs: 60_000, queue: { maxItems: 10 }, batchMax: 10 });
  app = http.createServer((_req, res) => {
    void (async () => {
      await null; // the agent's context rule: work after an await
      reporter.report(
        createSegment({
          traceId: 'a'.repeat(32),
          traceSegmentId: 'b'.repeat(32),
          service: 'tyk-gateway',
          serviceInstance: 'tyk',
          spans: [createSpan({ spanId: 0, parentSpanId: -1, spanType: 'Entry', operationName: 'GET:/x', startTime: 1, endTime: 2 })],
        }),
      );
      await reporter.flush();
      await probeModel(oap.url);
      await post(`${oap.url}/control`);
      res.end('done');
    })();
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

after(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => app.close(() => resolve()));
  await oap.close();
  await collector.stop();
});

test('inside a traced request, the reporter and the probe send no sw8, while a plain http.request does', async () => {
  assert.equal(await post(`${appUrl}/work`), 200);
  const byPath = (p: string) => oap.requests.filter((r) => r.path === p);
  assert.equal(byPath('/v3/segments').length, 1);
  assert.equal(byPath('/v3/segments')[0].headers.sw8, undefined, 'reporter request carries no sw8');
  assert.equal(byPath('/healthz').length, 1);
  assert.equal(byPath('/healthz')[0].headers.sw8, undefined, 'probe carries no sw8');
  assert.ok(byPath('/control')[0].headers.sw8, 'the agent is live: a plain http.request carries sw8');
});

test('the app segment has an exit span for the plain request and none for the reporter or the probe', async () => {
  // The agent sends every second; flush until the app's segment is stored.
  const segments = await waitForSegments(
    collector,
    (all) => {
      void agent.flush();
      return all.some((s) => s.service === 'reporter-untraced-test' && s.spans.some((sp) => sp.operationName === 'POST:/work'));
    },
    { timeoutMs: 15_000 },
  );
  const appSegment = segments.find((s) => s.service === 'reporter-untraced-test' && s.spans.some((sp) => sp.operationName === 'POST:/work'))!;
  const exits = appSegment.spans.filter((sp) => sp.spanType === 'Exit').map((sp) => sp.operationName);
  assert.deepEqual(exits, ['/control']);
  const everywhere = segments.flatMap((s) => s.spans.map((sp) => sp.operationName));
  assert.ok(!everywhere.includes('/v3/segments'), 'no span anywhere for the reporter');
  assert.ok(!everywhere.includes('/healthz'), 'no span anywhere for the probe');
});
