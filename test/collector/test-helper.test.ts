// The waits other parts' tests rely on: they poll with a deadline and, on timeout, say what did arrive.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCollector, waitForSegments, waitForTrace, waitForTraceOverHttp, type RunningCollector } from '../helpers/collector';
import { healthyChain } from './segment-factory';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

test('waitForTrace resolves once a segment that arrives later makes the predicate true', async () => {
  const [gw, bff, model] = healthyChain('helper-late');
  collector.store.addSegment(gw, 'http');
  setTimeout(() => {
    collector.store.addSegment(bff, 'http');
    collector.store.addSegment(model, 'http');
  }, 60);
  const trace = await waitForTrace(collector, 'helper-late', (t) => t.segments.length === 3, { timeoutMs: 3000 });
  assert.equal(trace.segments.length, 3);
});

test('on timeout waitForTrace fails with the segments that did arrive', async () => {
  const [gw] = healthyChain('helper-partial');
  collector.store.addSegment(gw, 'http');
  await assert.rejects(
    waitForTrace(collector, 'helper-partial', (t) => t.segments.length === 3, { timeoutMs: 150 }),
    (err: Error) => {
      assert.match(err.message, /Timed out after 150 ms waiting for trace helper-partial/);
      assert.match(err.message, /segment helper-partial-gw service=tyk-gateway/);
      assert.match(err.message, /span 1<-0 Exit "POST:\/inference\/api\/v1\/classify" peer=tyk-upstream-bff/);
      return true;
    },
  );
});

test('a trace that never arrives fails with what the collector holds', async () => {
  await assert.rejects(
    waitForTrace(collector, 'helper-never', undefined, { timeoutMs: 100 }),
    /Trace helper-never has not arrived at all\.\nThe collector holds \d+ trace\(s\)/,
  );
});

test('waitForSegments resolves on a predicate over all segments', async () => {
  const segments = await waitForSegments(collector, (all) => all.some((s) => s.service === 'tyk-gateway'), { timeoutMs: 1000 });
  assert.ok(segments.length >= 1);
});

test('waitForTraceOverHttp polls the HTTP API of a collector in another process', async () => {
  setTimeout(() => {
    for (const s of healthyChain('helper-http')) collector.store.addSegment(s, 'http');
  }, 50);
  const trace = await waitForTraceOverHttp(collector.httpUrl, 'helper-http', (t) => t.segments.length === 3, { timeoutMs: 3000 });
  assert.deepEqual(
    trace.segments.map((s) => s.service),
    ['tyk-gateway', 'bff', 'model-server'],
  );
  await assert.rejects(
    waitForTraceOverHttp(collector.httpUrl, 'helper-none', undefined, { timeoutMs: 100 }),
    /has not arrived at all \(GET \/api\/traces\/helper-none answered 404\)/,
  );
});
