// Issue 3, shutdown: on SIGTERM the server stops accepting, finishes every in-flight request,
// flushes the agent (loop until flush() returns null) and exits 0. Nothing in flight is lost,
// including the segments of those requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';
import { jpeg, photoLike } from '../../testkit/images';
import { post as postRaw } from '../../testkit/raw-http';
import { metricSum, spawnModelServer, type ModelChild } from './helpers/child';
import { randomId, callerSw8Header } from '../../testkit/edge-headers';
import { poll } from '../../testkit/poll';

let collector: RunningCollector;
let child: ModelChild;

before(async () => {
  collector = await startTestCollector();
  // One worker waiting up to 1 s to fill a batch of 16 holds the 8 requests in the queue when the
  // signal comes, however fast the machine (with batches of 1 an idle box answered all 8 first).
  child = await spawnModelServer({
    SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress,
    MODEL_WORKERS: '1',
    MODEL_MAX_BATCH: '16',
    MODEL_MAX_WAIT_MS: '1000',
    MODEL_MAX_QUEUE: '64',
  });
});

after(async () => {
  await child?.kill();
  await collector?.stop();
});

/** One upload on its own connection, continuing the trace `traceId`: its status. */
const post = (body: Buffer, traceId: string): Promise<number> =>
  postRaw(child.address, body, { 'Content-Type': 'image/jpeg', sw8: callerSw8Header(traceId, randomId()) }).then((answer) => answer.status);

const metric = (name: string): Promise<number> => metricSum(child.address, name);

describe('SIGTERM', () => {
  it('finishes every in-flight request, delivers their segments and exits 0', async () => {
    const image = await jpeg(photoLike(1024, 768, 8));
    const n = 8;
    const traceIds = Array.from({ length: n }, () => randomId());
    const answers = traceIds.map((id) => post(image, id));
    // Wait until all n requests are inside the server: answered, queued or running.
    const inside = async () =>
      (await metric('model_http_requests_total{route="/predict"')) + (await metric('model_admitted_requests')) + (await metric('model_busy_workers'));
    await poll(
      async () => (await inside()) >= n,
      async () => `only ${await inside()} of ${n} requests reached the server`,
      'the requests inside',
      {
        timeoutMs: 10_000,
        intervalMs: 5,
      },
    );
    const answeredBefore = await metric('model_http_requests_total{route="/predict"');
    child.proc.kill('SIGTERM');
    const statuses = await Promise.all(answers);
    assert.deepEqual(statuses, Array(n).fill(200));
    const { code, signal } = await child.exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.ok(answeredBefore < n, `SIGTERM came while requests were in flight (${answeredBefore} of ${n} answered)`);
    // flushed before exit: every request's segment is at the collector
    for (const id of traceIds) await waitForTrace(collector, id, (t) => t.segments.some((s) => s.service === 'model-server'), { timeoutMs: 3000 });
    const stopped = child.lines.find((l) => l.msg === 'stopped');
    assert.equal(stopped?.agentFlush, 'flushed');
  });
});
