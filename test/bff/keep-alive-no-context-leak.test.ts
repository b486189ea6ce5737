/**
 * skywalking-backend-js 0.9.0 (apache/skywalking-nodejs): a span started in the wrong async context leaks into the next request on
 * the same keep-alive socket (extra ref, reused trace id). The BFF starts its got call from a
 * busboy 'file' event, so this checks it under the real agent: 15 requests over ONE keep-alive
 * connection, edge and non-edge mixed, each BFF segment with exactly its own trace and ref.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { startTestCollector, waitForSegments, type RunningCollector } from '../helpers/collector';
import { startModelStandIn, type ModelStandIn } from '../../testkit/bff/model-stand-in';
import { spawnService, type SpawnedService } from './helpers/spawn';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { fakePng } from '../../testkit/images';
import { edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';
import { parseSw8 } from '../../trace/sw8';
import { nodeBase64 } from '../../trace/platform/node-base64';

let collector: RunningCollector | undefined;
let model: ModelStandIn | undefined;
let bff: SpawnedService | undefined;
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

after(async () => {
  keepAlive.destroy();
  if (bff) {
    bff.proc.kill('SIGTERM');
    await bff.exited;
  }
  await model?.close();
  await collector?.stop();
});

test('15 requests on one keep-alive connection: every BFF segment has its own trace id and only its own ref', async () => {
  collector = await startTestCollector();
  model = await startModelStandIn({ keepBody: false });
  bff = await spawnService('bff/main.ts', {
    PORT: '0',
    MODEL_URL: model.url,
    SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress,
    SW_OAP_HTTP_URL: collector.httpUrl,
    SW_AGENT_NAME: 'bff-keepalive',
  });
  const body = multipartBody([{ name: 'image', filename: 'a.png', data: fakePng(100_000) }]);
  type Sent = { traceId: string; segmentId: string; viaEdge: boolean; answeredTraceId?: string };
  const sent: Sent[] = [];
  const sockets = new Set<unknown>();
  for (let i = 0; i < 15; i++) {
    const viaEdge = i % 3 !== 2;
    const entry: Sent = { traceId: randomBytes(16).toString('hex'), segmentId: randomBytes(16).toString('hex'), viaEdge };
    sent.push(entry);
    const now = Date.now();
    const headers = viaEdge ? edgeHeaders({ start: now, post: now, sw8: edgeSw8({ traceId: entry.traceId, parentSegmentId: entry.segmentId }) }) : {};
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${bff!.address}/api/v1/classify`,
        { method: 'POST', agent: keepAlive, headers: { ...headers, 'content-type': MULTIPART_TYPE, 'content-length': String(body.length) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => resolve(text));
        },
      );
      req.on('socket', (s) => sockets.add(s));
      req.on('error', reject);
      req.end(body);
    });
    entry.answeredTraceId = (JSON.parse(answer) as { traceId: string }).traceId;
  }
  assert.equal(sockets.size, 1, 'all requests shared one connection');

  const segments = (await waitForSegments(collector, (all) => all.filter((s) => s.service === 'bff-keepalive').length >= 15, { timeoutMs: 15_000 })).filter(
    (s) => s.service === 'bff-keepalive',
  );
  assert.equal(segments.length, 15);
  assert.equal(new Set(segments.map((s) => s.traceId)).size, 15, 'no trace id reused');
  assert.equal(new Set(sent.map((s) => s.answeredTraceId)).size, 15, 'every answer names its own trace');
  for (const s of segments) {
    const entry = s.spans.find((sp) => sp.spanType === 'Entry')!;
    const exit = s.spans.find((sp) => sp.spanType === 'Exit')!;
    assert.equal(exit.parentSpanId, entry.spanId, 'exit span under this entry');
    assert.equal(s.spans.filter((sp) => sp.refs.length > 0).length, entry.refs.length > 0 ? 1 : 0, 'refs only on the entry');
  }
  for (const e of sent) {
    const seg = segments.find((s) => s.traceId === e.traceId);
    if (e.viaEdge) {
      assert.ok(seg, `segment for trace ${e.traceId}`);
      const refs = seg.spans.flatMap((sp) => sp.refs);
      assert.deepEqual(
        refs.map((r) => [r.parentTraceSegmentId, r.parentSpanId]),
        [[e.segmentId, 1]],
      );
    }
  }
  for (const s of segments.filter((x) => !sent.some((e) => e.viaEdge && e.traceId === x.traceId))) {
    assert.equal(s.spans.flatMap((sp) => sp.refs).length, 0, 'a request without sw8 starts a fresh trace with no ref');
  }
  const modelTraces = model.received.map((r) => {
    const p = parseSw8(r.headers.sw8 as string, nodeBase64);
    return p.ok ? p.context.traceId : 'invalid';
  });
  assert.deepEqual(modelTraces.sort(), segments.map((s) => s.traceId).sort(), 'each model call carried its own request trace');
});
