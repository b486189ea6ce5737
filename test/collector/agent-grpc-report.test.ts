// The real Node agent (skywalking-backend-js) reports over gRPC to the embedded collector, and
// both of its segments arrive linked: the client's exit span and the server's entry span.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

function runAgentApp(serviceName: string): Promise<{ traceId: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'fixtures', 'agent-app.js')], {
      env: {
        ...process.env,
        SW_AGENT_NAME: serviceName,
        SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress,
        SW_AGENT_LOGGING_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`agent app exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`agent app printed no trace id: ${out} ${err}`));
      }
    });
  });
}

test('segments from the real Node agent arrive over gRPC, linked client exit -> server entry', async () => {
  const { traceId } = await runAgentApp('agent-fixture');
  assert.match(traceId, /^[0-9a-f]{32}$/);
  const trace = await waitForTrace(collector, traceId, (t) => t.segments.length >= 2, { timeoutMs: 15_000 });
  const entrySeg = trace.segments.find((s) => s.spans.some((sp) => sp.spanType === 'Entry'));
  const exitSeg = trace.segments.find((s) => s.spans.some((sp) => sp.spanType === 'Exit'));
  assert.ok(entrySeg && exitSeg, 'one segment with the entry span, one with the exit span');
  assert.equal(entrySeg.service, 'agent-fixture');
  const entry = entrySeg.spans.find((s) => s.spanType === 'Entry')!;
  const exit = exitSeg.spans.find((s) => s.spanType === 'Exit')!;
  assert.equal(entry.operationName, 'GET:/hello');
  assert.equal(entry.spanLayer, 'Http');
  assert.equal(entry.parentSpanId, -1);
  assert.ok(entry.tags.some((t) => t.key === 'http.method' && t.value === 'GET'));
  assert.equal(typeof entry.startTime, 'number');
  assert.ok(entry.startTime > 1_600_000_000_000, 'times are epoch ms');
  assert.equal(entry.refs.length, 1);
  assert.deepEqual(
    { refType: entry.refs[0].refType, parent: entry.refs[0].parentTraceSegmentId, span: entry.refs[0].parentSpanId },
    { refType: 'CrossProcess', parent: exitSeg.traceSegmentId, span: exit.spanId },
  );
  assert.equal(entry.refs[0].networkAddressUsedAtPeer, exit.peer);
  assert.equal(collector.store.stats().received.grpcSegments >= 2, true);
});
