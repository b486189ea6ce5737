/**
 * bench:bff section 4 (issue 14, part 5): what the edge reporter and the log shipper send, and
 * what the BFF's CPU costs per request, traced vs untraced. Stand-in model (answers at once), so
 * the BFF's own work is what is measured; a paced load of BENCH_RATE requests/s (100) from up to 8
 * connections for BENCH_SECONDS (10 s), so that two builds are compared at the same request rate.
 *   traced:   agent on, edge headers on every request (one edge segment each), BFF_SHIP_LOGS=true
 *   untraced: SW_DISABLE=true, no edge headers, no log shipping
 * POSTs are counted by a pass-through in front of the collector, so `BENCH_DIST=<other build>`
 * gives the same figures for another build (the before/after in docs/benchmarks.md).
 */
import http from 'node:http';
import { startChild, type Child } from '../lib/children';
import { cpuMs } from '../lib/proc-stats';
import { startCountingOap } from '../lib/counting-oap';
import { f1 } from '../lib/load';
import { multipartBody, MULTIPART_TYPE } from '../../testkit/bff/multipart';
import { PNG_HEAD } from '../../testkit/images';
import { edgeHeaders, freshEdgeSw8 } from '../../testkit/edge-headers';
import { send } from '../../testkit/raw-http';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = 8;
const RATE = Number(process.env.BENCH_RATE ?? 100);

/** A fresh trace's edge headers, as the pre and post hooks stamp them, for every traced request. */
function freshEdgeHeaders(): Record<string, string> {
  const now = Date.now();
  const sw8 = freshEdgeSw8({ parentServiceInstance: 'bench', networkAddressUsedAtPeer: '127.0.0.1:3000' });
  return edgeHeaders({ sw8, start: now - 2, post: now - 1, apiId: 'inference-api' });
}

async function loadFor(seconds: number, url: string, withEdge: boolean): Promise<{ requests: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const body = multipartBody([{ name: 'image', filename: 'b.png', contentType: 'image/png', data: PNG_HEAD }]);
  const started = Date.now();
  const total = Math.round(seconds * RATE);
  let tickets = 0;
  let requests = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (tickets < total) {
        // Request i leaves at start + i/RATE (at once when the load is behind).
        const due = started + (tickets++ * 1000) / RATE;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        const headers = { 'content-type': MULTIPART_TYPE, ...(withEdge ? freshEdgeHeaders() : {}) };
        const status = await send(url, body, { method: 'POST', headers, agent }).then(
          (answer) => answer.status,
          () => 0,
        );
        requests++;
        if (status !== 200) errors++;
      }
    }),
  );
  agent.destroy();
  return { requests, errors };
}

export async function runBatchingBench(collector: { grpc: string; http: string }, modelUrl: string): Promise<void> {
  const oap = await startCountingOap(collector.http);
  console.log(
    `\n4. edge reporter and log shipper batching, BFF CPU per request (stand-in model, ${RATE} requests/s for ${SECONDS} s per side, up to ${CONCURRENCY} connections)`,
  );
  try {
    const rows: string[] = [];
    const cpu: Record<string, number> = {};
    for (const side of ['untraced', 'traced'] as const) {
      const traced = side === 'traced';
      const env: Record<string, string> = { PORT: '0', MODEL_URL: modelUrl, SW_OAP_HTTP_URL: oap.url, SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpc };
      if (traced) env.BFF_SHIP_LOGS = 'true';
      else env.SW_DISABLE = 'true';
      const bff: Child = await startChild('bff/main.js', env);
      oap.counts.clear();
      const warm = await loadFor(1, `${bff.address}/api/v1/classify`, traced);
      const pid = bff.proc.pid!;
      const before = cpuMs(pid) / 1000;
      const begun = Date.now();
      const run = await loadFor(SECONDS, `${bff.address}/api/v1/classify`, traced);
      const achieved = run.requests / ((Date.now() - begun) / 1000);
      const used = cpuMs(pid) / 1000 - before;
      const all = warm.requests + run.requests;
      await bff.stop(); // SIGTERM flushes the reporter and the shipper
      cpu[side] = (used * 1000) / run.requests;
      const seg = oap.counts.get('/v3/segments') ?? { posts: 0, items: 0 };
      const logs = oap.counts.get('/v3/logs') ?? { posts: 0, items: 0 };
      rows.push(
        `   ${side.padEnd(9)} ${run.requests} requests at ${f1(achieved)}/s (${run.errors} errors), BFF CPU ${f1(cpu[side] * 1000)} µs/request` +
          (traced
            ? `; /v3/segments ${seg.posts} POSTs, ${seg.items} segments (${f1(seg.items / Math.max(1, seg.posts))} per POST, ${seg.items} of ${all} requests);` +
              ` /v3/logs ${logs.posts} POSTs, ${logs.items} lines (${f1(logs.items / Math.max(1, logs.posts))} per POST, ${f1(logs.items / all)} per request)`
            : ''),
      );
    }
    for (const row of rows) console.log(row);
    console.log(`   traced − untraced: ${f1((cpu.traced - cpu.untraced) * 1000)} µs CPU per request (${(cpu.traced / cpu.untraced).toFixed(2)}×)`);
  } finally {
    await oap.close();
  }
}
