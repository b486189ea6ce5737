/**
 * SIGTERM (issue 4, "Shutdown"): the BFF child process lets the in-flight request finish, flushes
 * the edge reporter (its next tick is a minute away, so only the shutdown flush can deliver the
 * segment) and the agent (flush loop), and exits 0.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestCollector, waitForSegments, type RunningCollector } from '../helpers/collector';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { spawnService, type SpawnedService } from './helpers/spawn';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';
import { fakePng } from '../../testkit/images';
import { poll } from '../../testkit/poll';

let collector: RunningCollector | undefined;
let model: ModelStandIn | undefined;
let bff: SpawnedService | undefined;

after(async () => {
  await bff?.kill();
  await model?.close();
  await collector?.stop();
});

test('SIGTERM: the in-flight request completes, edge and BFF segments are flushed, exit code 0', async () => {
  collector = await startTestCollector();
  model = await startModelStandIn({ delayMs: 800 });
  bff = await spawnService('bff/main.ts', {
    PORT: '0',
    MODEL_URL: model.url,
    SW_OAP_HTTP_URL: collector.httpUrl,
    SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress,
    SW_AGENT_NAME: 'bff-sigterm-test',
    EDGE_REPORT_INTERVAL_MS: '60000',
  });
  const traceId = randomBytes(16).toString('hex');
  const edgeSegmentId = randomBytes(16).toString('hex');
  const start = Date.now();
  const answer = fetch(`${bff.address}/api/v1/classify`, {
    method: 'POST',
    headers: { ...edgeHeaders({ start, post: start + 1, sw8: edgeSw8({ traceId, parentSegmentId: edgeSegmentId }) }), 'content-type': MULTIPART_TYPE },
    body: multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(2000) }]),
  });
  await poll(
    () => model!.received.length === 1,
    () => 'the request never reached the model',
    'the request at the model',
  );
  bff.proc.kill('SIGTERM');
  const res = await answer;
  assert.equal(res.status, 200, 'in-flight request finished during the drain');
  assert.equal(((await res.json()) as { traceId: string }).traceId, traceId);
  const exit = await bff.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, bff.stderr());
  const segments = collector.store.getTrace(traceId)?.segments ?? [];
  assert.ok(
    segments.some((s) => s.traceSegmentId === edgeSegmentId),
    'edge segment flushed by the reporter on shutdown',
  );
  // The agent's gRPC stream may be acknowledged a moment after the process is gone.
  await waitForSegments(collector, (all) => all.some((s) => s.service === 'bff-sigterm-test' && s.traceId === traceId), { timeoutMs: 3000 });
  assert.ok(
    bff.lines.some((l) => l.msg === 'stopped'),
    'logged its last line',
  );
});
