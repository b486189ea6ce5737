/**
 * Issue #5's faults, end to end: what the client gets and what the trace shows when the collector,
 * the BFF or the model goes away. Runs in this order on one stack; each test leaves it whole.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitForTrace, type TraceView } from '../helpers/collector';
import { classify } from './classify-client';
import { landscapeJpeg } from '../../testkit/images';
import { startE2EStack, type E2EStack } from './e2e-stack';
import { isComplete, segmentOf } from './trace-shape';
import { poll } from '../../testkit/poll';

let stack: E2EStack;
let image: Buffer;
before(async () => {
  image = await landscapeJpeg(800, 600, 30);
  stack = await startE2EStack({ BFF_SHUTDOWN_TIMEOUT_MS: '8000' });
});
after(() => stack?.stop());

const traceIdOf = (answer: { headers: Record<string, unknown> }) => answer.headers['x-trace-id'] as string;

test('collector down for a while: every request is served, and the traces arrive once it is back', async () => {
  await stack.stopCollector();
  const duringOutage = [];
  for (let i = 0; i < 5; i++) {
    const answer = await classify(stack.edgeUrl, image);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    duringOutage.push(traceIdOf(answer));
  }
  await stack.restartCollector();
  const afterOutage = await classify(stack.edgeUrl, image);
  assert.equal(afterOutage.status, 200);
  // The agents reconnect with gRPC backoff (14–21 s measured, skywalking-backend-js 0.9.0 (apache/skywalking-nodejs)); the BFF's edge reporter retries with its own.
  await waitForTrace(stack.collector, traceIdOf(afterOutage), isComplete, { timeoutMs: 45_000 });
  for (const id of duringOutage) await waitForTrace(stack.collector, id, isComplete, { timeoutMs: 15_000 });
});

async function bffInFlight(): Promise<number> {
  const metrics = await (await fetch(`${stack.bffUrl}/metrics`)).text();
  return Number(/^bff_classify_in_flight (\d+)/m.exec(metrics)?.[1] ?? 0);
}

test('SIGTERM to the BFF under load: no in-flight request is lost, and their spans arrive', async () => {
  // The model is paused (SIGSTOP: its kernel still accepts the BFF's connections and uploads), so the
  // 8 requests stay inside the BFF, waiting on the model, however slow this machine is today.
  const model = stack.services.model.child;
  assert.ok(model.pid, 'the model server has no pid');
  process.kill(model.pid, 'SIGSTOP');
  const settled: string[] = [];
  const inFlight = Array.from({ length: 8 }, () =>
    classify(stack.edgeUrl, image).then((answer) => {
      settled.push(`${answer.status} ${JSON.stringify(answer.json)}`);
      return answer;
    }),
  );
  try {
    await poll(
      async () => {
        assert.equal(settled.length, 0, `answered while the model was stopped: ${settled.join('\n')}`);
        return (await bffInFlight()) >= 8;
      },
      async () => `only ${await bffInFlight()} of 8 requests are in the BFF`,
      'all 8 requests in the BFF',
      { timeoutMs: 30_000, intervalMs: 10 },
    );
  } catch (error) {
    process.kill(model.pid, 'SIGCONT');
    throw error;
  }
  // SIGTERM first (sent before stopService's first await), then let the model go on: the BFF must drain what it holds.
  const exit = stack.stopService('bff');
  process.kill(model.pid, 'SIGCONT');
  const answers = await Promise.all(inFlight);
  assert.deepEqual(
    answers.map((answer) => answer.status),
    answers.map(() => 200),
    JSON.stringify(answers.map((a) => a.json)),
  );
  assert.equal(await exit, 0, `the BFF exited with ${await exit}:\n${stack.logs('bff')}`);
  for (const answer of answers) await waitForTrace(stack.collector, traceIdOf(answer), isComplete, { timeoutMs: 15_000 });
  await stack.startService('bff');
});

test('model down: the client gets 503 with Retry-After, and the trace shows the error at the BFF and the gateway', async () => {
  await stack.stopService('model');
  const answer = await classify(stack.edgeUrl, image);
  assert.equal(answer.status, 503);
  assert.equal(answer.json.code, 'BFF_ERR_MODEL_DOWN');
  assert.ok(Number(answer.headers['retry-after']) > 0, 'no Retry-After');
  const traceId = traceIdOf(answer);
  assert.equal(answer.json.traceId, traceId);
  const hasBoth = (trace: TraceView) => ['tyk-gateway', 'bff'].every((service) => trace.segments.some((segment) => segment.service === service));
  const trace = await waitForTrace(stack.collector, traceId, hasBoth, { timeoutMs: 20_000 });
  const bffExit = segmentOf(trace, 'bff').spans.find((span) => span.spanType === 'Exit');
  assert.ok(bffExit?.isError, 'the BFF exit span to the model is not marked as an error');
  const gatewayEntry = segmentOf(trace, 'tyk-gateway').spans[0];
  assert.equal(gatewayEntry.isError, true);
  assert.deepEqual(
    gatewayEntry.tags.find((tag) => tag.key === 'http.status_code'),
    { key: 'http.status_code', value: '503' },
  );
  await stack.startService('model');
});
