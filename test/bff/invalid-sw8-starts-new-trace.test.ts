/**
 * Issue 9 §2: an invalid sw8 sent straight to the BFF, with the agent on. Each named invalid value
 * (the parser's own table) must be dropped before the agent sees it: 200, an `x-trace-id` that is
 * not the garbage one, and that trace arrives complete at the collector. Before the fix bad base64
 * and overlong values were 500s and the rest were answered under a trace id that never arrived.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';
import { invalidSw8Cases } from '../trace/invalid-sw8-cases';
import { formatSw8 } from '../../trace/sw8';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { spawnTracedBff, type SpawnedService } from './helpers/spawn';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { clientSw8, EDGE_TRACE_ID } from '../../testkit/edge-headers';
import { fakePng } from '../../testkit/images';
import { isCompleteBffTrace } from './helpers/complete-trace';

const SERVICE = 'bff-invalid-sw8';
let collector: RunningCollector;
let model: ModelStandIn;
let bff: SpawnedService | undefined;

before(async () => {
  collector = await startTestCollector();
  model = await startModelStandIn();
  bff = await spawnTracedBff(collector, model.url, SERVICE);
});

after(async () => {
  await bff?.kill();
  await model.close();
  await collector.stop();
});

test('every named invalid sw8 gets 200 and a new trace that arrives complete', { timeout: 60_000 }, async () => {
  const valid = formatSw8(clientSw8(), nodeBase64);
  const cases = invalidSw8Cases(valid);
  const answered: { name: string; traceId: string }[] = [];
  for (const c of cases) {
    const res = await fetch(`${bff!.address}/api/v1/classify`, {
      method: 'POST',
      headers: { sw8: c.value, 'content-type': MULTIPART_TYPE },
      body: multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(500) }]),
    });
    const body = (await res.json()) as { traceId?: string };
    assert.equal(res.status, 200, `${c.name}: ${JSON.stringify(body)}`);
    const traceId = res.headers.get('x-trace-id');
    assert.ok(traceId, `${c.name}: no x-trace-id`);
    assert.equal(body.traceId, traceId, `${c.name}: body and header disagree`);
    assert.notEqual(traceId, EDGE_TRACE_ID, `${c.name}: the invalid sw8's trace was continued`);
    answered.push({ name: c.name, traceId });
  }
  assert.equal(new Set(answered.map((a) => a.traceId)).size, cases.length, 'each request has its own trace');
  for (const a of answered) await waitForTrace(collector, a.traceId, (t) => isCompleteBffTrace(t, SERVICE), { timeoutMs: 15_000 });
  const metrics = await (await fetch(`${bff!.address}/metrics`)).text();
  const dropped = [...metrics.matchAll(/^bff_invalid_sw8_dropped_total\{reason="\w+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  assert.equal(dropped, cases.length, 'each drop counted');
});

test('a valid client sw8 is still continued', async () => {
  const res = await fetch(`${bff!.address}/api/v1/classify`, {
    method: 'POST',
    headers: { sw8: formatSw8(clientSw8(), nodeBase64), 'content-type': MULTIPART_TYPE },
    body: multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(500) }]),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-trace-id'), EDGE_TRACE_ID);
});
