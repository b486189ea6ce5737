/**
 * A log line written inside a traced request carries that request's traceId, segmentId and spanId
 * (the kit's pino mixin, used by the BFF's and the model's loggers), with the real agent reporting to
 * the embedded collector; a line written outside any request carries none.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type RunningCollector, startTestCollector, waitForTrace } from '../helpers/collector';
import { poll } from '../../testkit/poll';
import { startNodeChild, type NodeChild } from '../../testkit/node-child';

let collector: RunningCollector;
let child: NodeChild;
let port = 0;

before(async () => {
  collector = await startTestCollector();
  child = await startNodeChild({
    args: ['--import', 'tsx', path.join(__dirname, 'fixtures', 'model-logger-in-request.ts')],
    env: { SW_DISABLE: '', SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress, SW_AGENT_NAME: 'log-mixin-test' },
    ready: (line) => typeof line.port === 'number',
  });
  port = child.lines.find((line) => typeof line.port === 'number')!.port;
});

after(async () => {
  await child?.kill();
  await collector?.stop();
});

test('the line written in the request names the trace the collector received', async () => {
  const answer = await fetch(`http://127.0.0.1:${port}/work`);
  assert.equal(answer.status, 200);
  const line = await poll(
    () => child.lines.find((l) => l.marker === 'inside'),
    () => JSON.stringify(child.lines),
    'the log line written inside the request',
  );
  assert.match(String(line.traceId), /\S{16,}/);
  assert.equal(typeof line.segmentId, 'string');
  assert.equal(line.spanId, 0, 'the entry span is span 0 of its segment');
  const trace = await waitForTrace(collector, String(line.traceId));
  assert.equal(trace.segments[0].traceSegmentId, line.segmentId);
  assert.equal(trace.segments[0].service, 'log-mixin-test');
});

test('a line written outside any request carries no trace ids', () => {
  const line = child.lines.find((l) => l.marker === 'outside');
  assert.ok(line, `the fixture logged no line outside a request: ${JSON.stringify(child.lines)}`);
  assert.deepEqual([line.traceId, line.segmentId, line.spanId], [undefined, undefined, undefined]);
});
