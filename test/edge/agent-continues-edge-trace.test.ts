/**
 * The sw8 the edge emits, as computed in each of Tyk's JS engines, is continued by the real Node agent: the traced
 * server's segment has the edge's trace id and a CrossProcess ref to the edge segment's exit span
 * (span 1), with the edge's peer as the address used. This is what links the gateway segment that the
 * BFF reports to everything after it.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import path from 'node:path';
import { after, test } from 'node:test';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { parseSw8 } from '../../trace/sw8';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';
import { ENGINES } from '../../testkit/jsvm/harness-client';
import { startEdgeGateway } from '../../testkit/jsvm/edge-gateway';
import { startNodeChild, type NodeChild } from '../../testkit/node-child';

let collector: RunningCollector | undefined;
const children: NodeChild[] = [];
after(async () => {
  for (const child of children) await child.kill();
  await collector?.stop();
});

function send(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/inference/api/v1/classify', method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('body');
  });
}

for (const { name: engine } of ENGINES) {
  test(`${engine}: a traced Node server continues the trace the edge started, referring to the edge exit span`, async () => {
    const gateway = startEdgeGateway(engine);
    const pass = await gateway
      .through(
        { method: 'POST', url: '/inference/api/v1/classify', headers: { 'Content-Type': ['text/plain'] }, body: 'body' },
        { APIID: 'inference-api', config_data: { sw_upstream_peer: 'bff:3000', sw_instance: 'tyk-test' } },
      )
      .finally(() => gateway.close());
    const edge = parseSw8(pass.forward.Sw8, nodeBase64);
    assert.ok(edge.ok);

    collector ??= await startTestCollector();
    const service = `edge-probe-${engine}`;
    const child = await startNodeChild({
      args: [path.join(__dirname, 'fixtures', 'traced-server.js')],
      env: { SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress, SW_AGENT_NAME: service, SW_AGENT_INSTANCE: 'probe-1' },
      ready: (line) => /^\d+$/.test(String(line.raw)), // the port it bound
    });
    children.push(child);
    assert.equal(await send(Number(child.lines.at(-1)!.raw), pass.forward), 200);

    const trace = await waitForTrace(collector, edge.context.traceId, (t) => t.segments.some((s) => s.service === service), { timeoutMs: 20_000 });
    const segment = trace.segments.find((s) => s.service === service)!;
    const entry = segment.spans.find((span) => span.spanType === 'Entry')!;
    assert.equal(segment.traceId, edge.context.traceId);
    assert.deepEqual(
      // skywalking-backend-js reports every ref with parentEndpoint "", whatever the sw8 carried: compare the rest.
      entry.refs.map(({ parentEndpoint: _endpoint, ...ref }) => ref),
      [
        {
          refType: 'CrossProcess',
          traceId: edge.context.traceId,
          parentTraceSegmentId: edge.context.parentSegmentId,
          parentSpanId: 1,
          parentService: 'tyk-gateway',
          parentServiceInstance: 'tyk-test',
          networkAddressUsedAtPeer: 'bff:3000',
        },
      ],
    );
  });
}
