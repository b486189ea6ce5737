// The other gRPC services OAP offers agents, called with the agent's own generated client stubs:
// collectInSync (unary), ManagementService, LogReportService.collect (client stream).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { TraceSegmentReportServiceClient } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_grpc_pb';
import { ManagementServiceClient } from 'skywalking-backend-js/lib/proto/management/Management_grpc_pb';
import { LogReportServiceClient } from 'skywalking-backend-js/lib/proto/logging/Logging_grpc_pb';
import { SegmentCollection, SegmentObject, SpanObject, SpanType, SpanLayer } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_pb';
import { InstanceProperties, InstancePingPkg } from 'skywalking-backend-js/lib/proto/management/Management_pb';
import { LogData, LogDataBody, TextLog, TraceContext } from 'skywalking-backend-js/lib/proto/logging/Logging_pb';
import { KeyStringValuePair } from 'skywalking-backend-js/lib/proto/common/Common_pb';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';

let collector: RunningCollector;
const creds = grpc.credentials.createInsecure();
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

function unary<Req, Res>(call: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => call(req, (err, res) => (err ? reject(err) : resolve(res))));
}

test('collectInSync stores every segment of the collection, with enum names', async () => {
  const client = new TraceSegmentReportServiceClient(collector.grpcAddress, creds);
  const seg = new SegmentObject();
  seg.setTraceid('grpc-sync');
  seg.setTracesegmentid('grpc-sync-1');
  seg.setService('svc');
  seg.setServiceinstance('inst');
  const sp = new SpanObject();
  sp.setSpanid(0);
  sp.setParentspanid(-1);
  sp.setStarttime(1_700_000_000_000);
  sp.setEndtime(1_700_000_000_007);
  sp.setOperationname('/predict');
  sp.setSpantype(SpanType.EXIT);
  sp.setSpanlayer(SpanLayer.HTTP);
  sp.setPeer('localhost:5001');
  sp.setIserror(true);
  const tag = new KeyStringValuePair();
  tag.setKey('http.status_code');
  tag.setValue('503');
  sp.setTagsList([tag]);
  seg.setSpansList([sp]);
  const collection = new SegmentCollection();
  collection.setSegmentsList([seg]);
  await unary(client.collectInSync.bind(client), collection);
  const trace = await waitForTrace(collector, 'grpc-sync', undefined, { timeoutMs: 2000 });
  assert.deepEqual(trace.segments[0].spans[0], {
    spanId: 0,
    parentSpanId: -1,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_000_007,
    refs: [],
    operationName: '/predict',
    peer: 'localhost:5001',
    spanType: 'Exit',
    spanLayer: 'Http',
    componentId: 0,
    isError: true,
    tags: [{ key: 'http.status_code', value: '503' }],
    logs: [],
    skipAnalysis: false,
  });
  client.close();
});

test('ManagementService reportInstanceProperties and keepAlive record the instance', async () => {
  const client = new ManagementServiceClient(collector.grpcAddress, creds);
  const props = new InstanceProperties();
  props.setService('bff');
  props.setServiceinstance('bff-1');
  const lang = new KeyStringValuePair();
  lang.setKey('language');
  lang.setValue('NodeJS');
  props.setPropertiesList([lang]);
  await unary(client.reportInstanceProperties.bind(client), props);
  const ping = new InstancePingPkg();
  ping.setService('bff');
  ping.setServiceinstance('bff-1');
  await unary(client.keepAlive.bind(client), ping);
  const inst = collector.store.instances().find((i) => i.serviceInstance === 'bff-1');
  assert.deepEqual(inst?.properties, [{ key: 'language', value: 'NodeJS' }]);
  client.close();
});

test('LogReportService.collect files streamed logs under their trace', async () => {
  const client = new LogReportServiceClient(collector.grpcAddress, creds);
  const done = new Promise<void>((resolve, reject) => {
    const stream = client.collect((err) => (err ? reject(err) : resolve()));
    for (const text of ['first', 'second']) {
      const log = new LogData();
      log.setTimestamp(1_700_000_000_001);
      log.setService('model-server');
      const body = new LogDataBody();
      const t = new TextLog();
      t.setText(text);
      body.setText(t);
      log.setBody(body);
      const ctx = new TraceContext();
      ctx.setTraceid('grpc-logs');
      ctx.setTracesegmentid('seg');
      ctx.setSpanid(1);
      log.setTracecontext(ctx);
      stream.write(log);
    }
    stream.end();
  });
  await done;
  const logs = collector.store.getTrace('grpc-logs')?.logs ?? [];
  assert.deepEqual(
    logs.map((l) => [l.body.text?.text, l.traceContext?.spanId]),
    [
      ['first', 1],
      ['second', 1],
    ],
  );
  client.close();
});
