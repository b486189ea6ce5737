// A stopped collector frees its ports at once, so a test can take it down and bring it back on
// the same addresses (the "collector down for a while" fault), and stop() is safe to call twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { TraceSegmentReportServiceClient } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_grpc_pb';
import { SegmentCollection, SegmentObject, SpanObject } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_pb';
import { startTestCollector } from '../helpers/collector';
import { poll } from '../../testkit/poll';

function oneSegment(traceId: string): SegmentCollection {
  const seg = new SegmentObject();
  seg.setTraceid(traceId);
  seg.setTracesegmentid(`${traceId}-s`);
  seg.setService('svc');
  const span = new SpanObject();
  span.setSpanid(0);
  span.setParentspanid(-1);
  seg.setSpansList([span]);
  const c = new SegmentCollection();
  c.setSegmentsList([seg]);
  return c;
}

test('a collector restarted on the same ports receives again over gRPC and HTTP', async () => {
  const first = await startTestCollector();
  const grpcPort = Number(first.grpcAddress.split(':')[1]);
  const httpPort = Number(new URL(first.httpUrl).port);
  // an open client channel across the restart, like an agent's
  const client = new TraceSegmentReportServiceClient(first.grpcAddress, grpc.credentials.createInsecure());
  await new Promise<void>((resolve, reject) => client.collectInSync(oneSegment('before'), (err) => (err ? reject(err) : resolve())));
  await first.stop();
  await first.stop(); // idempotent

  const second = await startTestCollector({ grpcPort, httpPort });
  try {
    assert.equal(second.grpcAddress, first.grpcAddress);
    assert.equal(second.httpUrl, first.httpUrl);
    assert.equal(second.store.getTrace('before'), undefined, 'memory only: a restart starts empty');
    let refused: Error | null = null;
    await poll(
      async () => {
        refused = await new Promise<Error | null>((resolve) => client.collectInSync(oneSegment('after'), (e) => resolve(e)));
        return refused === null;
      },
      () => String(refused),
      'the restarted collector to take a segment on the old gRPC channel',
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    assert.ok(second.store.getTrace('after'));
    const res = await fetch(`${second.httpUrl}/healthcheck`);
    assert.equal(res.status, 200);
  } finally {
    client.close();
    await second.stop();
  }
});
