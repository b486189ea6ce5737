/**
 * Issue #5's acceptance: one request through edge → BFF → model gives ONE connected trace, read
 * back from the embedded collector by the id that came back in `x-trace-id`.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { formatSw8 } from '../../trace/sw8';
import { packageVersion } from '../../bundle/build-bundles';
import { BUNDLE_VARIANTS, bundleFileName } from '../../bundle/variants';
import { waitForTrace } from '../helpers/collector';
import { classify } from './classify-client';
import { landscapeJpeg } from '../../testkit/images';
import { startE2EStack, type E2EStack } from './e2e-stack';
import { assertConnectedTrace, isComplete, segmentOf } from './trace-shape';

const PEER = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8')).config_data
  .sw_upstream_peer as string;

let stack: E2EStack;
let image: Buffer;
before(async () => {
  image = await landscapeJpeg();
  stack = await startE2EStack();
});
after(() => stack?.stop());

const clientSw8 = formatSw8(
  {
    sample: '1',
    traceId: 'e2e0c11e7000000000000000000000aa',
    parentSegmentId: 'e2e0c11e7000000000000000000000bb',
    parentSpanId: 4,
    parentService: 'mobile-app',
    parentServiceInstance: 'ios-7',
    parentEndpoint: 'tap:/classify',
    networkAddressUsedAtPeer: 'edge.example:443',
  },
  nodeBase64,
);

describe('one request through the edge', () => {
  test('one trace: gateway → BFF → model, linked span for span, stages present, timings nested, doctor clean', async () => {
    const answer = await classify(stack.edgeUrl, image);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    const traceId = answer.headers['x-trace-id'] as string;
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.equal(answer.json.traceId, traceId);
    assert.equal(answer.json.predictions.length > 0, true);
    assert.match(String(answer.headers['server-timing']), /edge;dur=[\d.]+, bff;dur=[\d.]+, model;dur=[\d.]+, infer;dur=[\d.]+/);

    const trace = await waitForTrace(stack.collector, traceId, isComplete, { timeoutMs: 20_000 });
    assertConnectedTrace(trace, PEER);
  });

  test('50 requests from 10 concurrent keep-alive clients: 50 well-formed traces, no foreign refs', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
    const ids: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 5; i++) {
            const answer = await classify(stack.edgeUrl, image, { agent });
            assert.equal(answer.status, 200, JSON.stringify(answer.json));
            ids.push(answer.headers['x-trace-id'] as string);
          }
        }),
      );
    } finally {
      agent.destroy();
    }
    assert.equal(new Set(ids).size, 50, 'each request must get its own trace');
    for (const id of ids) {
      const trace = await waitForTrace(stack.collector, id, isComplete, { timeoutMs: 30_000 });
      const { gateway, bff, model } = assertConnectedTrace(trace, PEER, { nested: false });
      assert.equal(trace.segments.length, 3, `trace ${id} has ${trace.segments.length} segments`);
      for (const segment of [gateway, bff, model]) {
        for (const span of segment.spans) for (const ref of span.refs) assert.equal(ref.traceId, id, `foreign ref in ${segment.service}`);
      }
    }
  });
});

describe('the pre-only bundle', () => {
  test('one connected trace; the gateway segment has no tyk/middleware span and Server-Timing no edge time', async () => {
    const preOnly = BUNDLE_VARIANTS.find((variant) => variant.baseName === 'sw-edge-pre-only')!;
    const edge = await stack.startEdge({}, bundleFileName(preOnly, packageVersion()));
    const answer = await classify(edge.url, image);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    const timing = String(answer.headers['server-timing']);
    assert.match(timing, /^bff;dur=[\d.]+, model;dur=[\d.]+, infer;dur=[\d.]+$/);
    const trace = await waitForTrace(stack.collector, answer.headers['x-trace-id'] as string, isComplete, { timeoutMs: 20_000 });
    assertConnectedTrace(trace, PEER, { middlewareSpan: false });
    assert.deepEqual(
      segmentOf(trace, 'tyk-gateway').spans.map((span) => span.spanId),
      [0, 1],
    );
  });
});

describe('the goja bundle (driver javascript, Tyk 5.15)', () => {
  test('loaded as the goja driver loads it, it gives the same connected trace, tyk/middleware span included', async () => {
    const goja = BUNDLE_VARIANTS.find((variant) => variant.baseName === 'sw-edge-goja')!;
    const edge = await stack.startEdge({}, bundleFileName(goja, packageVersion()));
    const answer = await classify(edge.url, image);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.match(String(answer.headers['server-timing']), /^edge;dur=[\d.]+, bff;dur=/);
    const trace = await waitForTrace(stack.collector, answer.headers['x-trace-id'] as string, isComplete, { timeoutMs: 20_000 });
    assertConnectedTrace(trace, PEER);
  });
});

describe('a client that sends its own sw8', () => {
  test('valid sw8: the trace continues it, and the gateway segment refers to the client', async () => {
    const answer = await classify(stack.edgeUrl, image, { headers: { sw8: clientSw8 } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['x-trace-id'], 'e2e0c11e7000000000000000000000aa');
    const trace = await waitForTrace(stack.collector, 'e2e0c11e7000000000000000000000aa', isComplete, { timeoutMs: 20_000 });
    const gateway = segmentOf(trace, 'tyk-gateway');
    const ref = gateway.spans[0].refs[0];
    assert.deepEqual(
      { segment: ref.parentTraceSegmentId, span: ref.parentSpanId, service: ref.parentService, peer: ref.networkAddressUsedAtPeer },
      { segment: 'e2e0c11e7000000000000000000000bb', span: 4, service: 'mobile-app', peer: 'edge.example:443' },
    );
    // The client's segment is not ours to report: the doctor may say it is missing, and nothing else.
    assertConnectedTrace(trace, PEER, { unreportedClientSegment: 'e2e0c11e7000000000000000000000bb' });
  });

  test('valid sw8 under sw8_incoming restart: a new trace id, the client is not referenced', async () => {
    const edge = await stack.startEdge({ sw8_incoming: 'restart' });
    const answer = await classify(edge.url, image, { headers: { sw8: clientSw8 } });
    assert.equal(answer.status, 200);
    const traceId = answer.headers['x-trace-id'] as string;
    assert.notEqual(traceId, 'e2e0c11e7000000000000000000000aa');
    const trace = await waitForTrace(stack.collector, traceId, isComplete, { timeoutMs: 20_000 });
    assertConnectedTrace(trace, PEER);
    assert.deepEqual(segmentOf(trace, 'tyk-gateway').spans[0].refs, []);
  });

  test('invalid sw8: a new, complete trace (the BFF and the model are not left dark)', async () => {
    const answer = await classify(stack.edgeUrl, image, { headers: { sw8: '1-bad-sw8' } });
    assert.equal(answer.status, 200);
    const traceId = answer.headers['x-trace-id'] as string;
    assert.match(traceId, /^[0-9a-f]{32}$/);
    const trace = await waitForTrace(stack.collector, traceId, isComplete, { timeoutMs: 20_000 });
    assertConnectedTrace(trace, PEER);
  });
});
