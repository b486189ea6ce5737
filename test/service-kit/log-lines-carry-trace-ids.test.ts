/**
 * A log line written inside a traced request carries that request's traceId, segmentId and spanId
 * (the kit's pino mixin, used by the BFF's and the model's loggers), with the real agent reporting to
 * the embedded collector; a line written outside any request carries none.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { type RunningCollector, startTestCollector, waitForTrace } from '../helpers/collector';

let collector: RunningCollector;
let child: ChildProcessWithoutNullStreams;
const lines: Record<string, unknown>[] = [];
let port = 0;

before(async () => {
  collector = await startTestCollector();
  child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'model-logger-in-request.ts')], {
    env: { ...process.env, SW_DISABLE: '', SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress, SW_AGENT_NAME: 'log-mixin-test' },
  });
  const first = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (typeof parsed.port === 'number') {
        port = parsed.port;
        resolve();
      } else lines.push(parsed);
    });
    child.once('exit', (code) => reject(new Error(`fixture exited ${code}`)));
  });
  await first;
});

after(async () => {
  child?.kill();
  await collector?.stop();
});

test('the line written in the request names the trace the collector received', async () => {
  const answer = await fetch(`http://127.0.0.1:${port}/work`);
  assert.equal(answer.status, 200);
  const deadline = Date.now() + 10_000;
  while (!lines.some((l) => l.marker === 'inside') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const line = lines.find((l) => l.marker === 'inside');
  assert.ok(line, 'the log line was written');
  assert.match(String(line.traceId), /\S{16,}/);
  assert.equal(typeof line.segmentId, 'string');
  assert.equal(line.spanId, 0, 'the entry span is span 0 of its segment');
  const trace = await waitForTrace(collector, String(line.traceId));
  assert.equal(trace.segments[0].traceSegmentId, line.segmentId);
  assert.equal(trace.segments[0].service, 'log-mixin-test');
});
