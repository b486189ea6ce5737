// Collector ingest benchmark: how long one batch of 100 segments (3 spans each) takes to be
// stored, by HTTP `POST /v3/segments` and by gRPC `collect` (the agent's stream, its own stubs),
// against a baseline measured in the same run: an HTTP round trip that stores nothing
// (`GET /healthcheck`). Prints median and p95 per batch and the ratio to the baseline.
// Run: npx tsx collector/bench/ingest.ts [rounds=200]
import { medianAndP95 } from '../../bench/lib/stats';
import * as grpc from '@grpc/grpc-js';
import { TraceSegmentReportServiceClient } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_grpc_pb';
import { SegmentObject, SpanObject, SpanType, SpanLayer } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_pb';
import http from 'node:http';
import { start } from '../server/server';
import { silentLogger } from '../server/logger';
import type { SegmentJson } from '../segment-json';

const BATCH = 100;
const rounds = Number(process.argv[2] ?? 200);

function jsonBatch(round: number): SegmentJson[] {
  return Array.from({ length: BATCH }, (_, i) => ({
    traceId: `bench-${round}-${i}`,
    traceSegmentId: `bench-${round}-${i}-s`,
    service: 'bench',
    serviceInstance: 'bench-1',
    isSizeLimited: false,
    spans: [0, 1, 2].map((spanId) => ({
      spanId,
      parentSpanId: spanId - 1,
      startTime: 1_700_000_000_000 + spanId,
      endTime: 1_700_000_000_010,
      refs: [],
      operationName: spanId === 0 ? 'POST:/api/v1/classify' : '/predict',
      peer: spanId === 1 ? 'localhost:5001' : '',
      spanType: spanId === 0 ? 'Entry' : spanId === 1 ? 'Exit' : 'Local',
      spanLayer: 'Http',
      componentId: 49,
      isError: false,
      tags: [{ key: 'http.method', value: 'POST' }],
      logs: [],
      skipAnalysis: false,
    })),
  }));
}

function protoBatch(round: number): SegmentObject[] {
  return jsonBatch(round).map((j) => {
    const seg = new SegmentObject();
    seg.setTraceid(j.traceId);
    seg.setTracesegmentid(j.traceSegmentId);
    seg.setService(j.service);
    seg.setServiceinstance(j.serviceInstance);
    seg.setSpansList(
      j.spans.map((s) => {
        const sp = new SpanObject();
        sp.setSpanid(s.spanId);
        sp.setParentspanid(s.parentSpanId);
        sp.setStarttime(s.startTime);
        sp.setEndtime(s.endTime);
        sp.setOperationname(s.operationName);
        sp.setPeer(s.peer);
        sp.setSpantype(s.spanType === 'Entry' ? SpanType.ENTRY : s.spanType === 'Exit' ? SpanType.EXIT : SpanType.LOCAL);
        sp.setSpanlayer(SpanLayer.HTTP);
        sp.setComponentid(49);
        return sp;
      }),
    );
    return seg;
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function httpCall(url: string, method: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function measure(name: string, run: (round: number) => Promise<void>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 20; i++) await run(-1 - i); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = process.hrtime.bigint();
    await run(r);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const st = medianAndP95(samples);
  console.log(`${name.padEnd(42)} median ${st.median.toFixed(3)} ms  p95 ${st.p95.toFixed(3)} ms`);
  return st;
}

async function main() {
  const collector = await start({ grpcPort: 0, httpPort: 0, logger: silentLogger, maxTraces: 5000, maxSpans: 50_000 });
  const client = new TraceSegmentReportServiceClient(collector.grpcAddress, grpc.credentials.createInsecure());
  console.log(`collector ingest, ${rounds} rounds, batches of ${BATCH} segments x 3 spans, Node ${process.version}, ${require('node:os').cpus().length} cores`);
  // Payloads are built before timing: the figures are the collector's cost plus the wire, not the builder's.
  const bodies = new Map<number, string>();
  const protos = new Map<number, SegmentObject[]>();
  for (let r = -20; r < rounds; r++) {
    bodies.set(r, JSON.stringify(jsonBatch(r)));
    protos.set(r, protoBatch(r + 100_000));
  }
  const base = await measure('baseline: GET /healthcheck (stores nothing)', async () => {
    await httpCall(`${collector.httpUrl}/healthcheck`, 'GET');
  });
  const viaHttp = await measure('HTTP POST /v3/segments (100 segments)', async (r) => {
    const body = bodies.get(r) ?? JSON.stringify(jsonBatch(r));
    const status = await httpCall(`${collector.httpUrl}/v3/segments`, 'POST', body);
    if (status !== 200) throw new Error(`status ${status}`);
  });
  const viaGrpc = await measure('gRPC collect stream (100 segments)', (r) => {
    const batch = protos.get(r) ?? protoBatch(r + 100_000);
    return new Promise<void>((resolve, reject) => {
      const stream = client.collect((err) => (err ? reject(err) : resolve()));
      for (const seg of batch) stream.write(seg);
      stream.end();
    });
  });
  console.log(
    `ratio HTTP batch / baseline: ${(viaHttp.median / base.median).toFixed(1)}x;  gRPC batch / baseline: ${(viaGrpc.median / base.median).toFixed(1)}x`,
  );
  console.log(
    `throughput at the median: HTTP ${Math.round((BATCH * 1000) / viaHttp.median)} segments/s, gRPC ${Math.round((BATCH * 1000) / viaGrpc.median)} segments/s`,
  );
  console.log(`store: ${JSON.stringify(collector.store.stats().evicted)} evicted`);
  client.close();
  agent.destroy();
  await collector.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
