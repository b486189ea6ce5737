// npm run bench:rejected — a flood of requests the gateway refuses, traced one for one (issue 14).
// Collector, BFF (agent on) and the edge emulator run as built child processes; the model is an
// in-process stand-in that answers at once. Normal traffic: POST /inference/api/v1/classify
// (a small PNG, keyless API) in a closed loop at concurrency 4. Flood: requests with a bad key on
// /keyed/ at concurrency 16, each refused (403 AuthFailure) and posted to the BFF's
// /_edge/rejected by the emulator's webhook. Rounds alternate without and with the flood (A B A B),
// so the p95 of normal requests is compared within one run; the machine is shared, compare ratios.
// Two scenarios, each A B A B:
//   1. through the edge emulator: normal and flood requests share the one emulator process, which
//      runs the pre hook in a JS VM for every request, refused or not (as Tyk does);
//   2. straight to the BFF: normal classify requests carry edge headers, and the flood is the
//      webhook bodies Tyk would post (our template, rendered as Tyk does), at c=16: the BFF's
//      own cost of the flood, without the gateway's.
// Prints: normal p50/p95 without vs with the flood, the flood's rejected traces found in the
// collector (one per refused request), and the BFF's RSS before, at peak and after.
import { percentile } from './lib/stats';
import http from 'node:http';
import { startChild, startCollectorChild, type Child } from './lib/children';
import { closedLoop, f1 } from './lib/load';
import { cpuMs, rssMb } from './lib/proc-stats';
import { startModelStandIn } from '../testkit/bff/model-stand-in';
import { multipartBody, MULTIPART_TYPE } from '../testkit/bff/multipart';
import { PNG_HEAD } from '../testkit/images';
import { rejectedWebhookBody } from '../testkit/bff/tyk-webhook';
import { edgeHeaders, freshEdgeSw8 } from '../testkit/edge-headers';
import { send } from '../testkit/raw-http';

function freshEdgeHeaders(endpoint: string): { traceId: string; headers: Record<string, string> } {
  const sw8 = freshEdgeSw8({ parentServiceInstance: 'bench', parentEndpoint: endpoint, networkAddressUsedAtPeer: '127.0.0.1:3000' });
  return { traceId: sw8.traceId, headers: edgeHeaders({ sw8, start: Date.now() - 1, apiId: 'keyed-api', key: SECRET }) };
}

const FLOOD = Number(process.env.BENCH_FLOOD ?? 1000);
const NORMAL = Number(process.env.BENCH_REQUESTS ?? 300);
const SECRET = 'bench-rejected-secret';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** Status 0 for a failed connection: under the flood, a refused request is a figure, not an error. */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer }): Promise<{ status: number; body: string }> {
  return send(url, options.body, { method: options.method, headers: options.headers, agent }).then(
    (answer) => ({ status: answer.status, body: answer.text }),
    () => ({ status: 0, body: '' }),
  );
}

async function main(): Promise<void> {
  // Room for every trace of the run (normal and rejected), so none is evicted before it is counted.
  process.env.COLLECTOR_MAX_TRACES ??= '20000';
  const collector = await startCollectorChild();
  const standIn = await startModelStandIn({ keepBody: false });
  const env = { SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpc, SW_OAP_HTTP_URL: collector.http, EDGE_SHARED_SECRET: SECRET };
  const bff = await startChild('bff/main.js', { ...env, PORT: '0', MODEL_URL: standIn.url });
  const edgeChild = await startChild('edge-emulator/main.js', { ...env, PORT: '0', BFF_URL: bff.address });
  const edge = `http://${edgeChild.address}`;
  const children: Child[] = [edgeChild, bff, collector];
  const bffPid = bff.proc.pid!;
  const rss = { before: rssMb(bffPid), peak: 0, after: 0 };
  const sampler = setInterval(() => (rss.peak = Math.max(rss.peak, rssMb(bffPid))), 50);
  try {
    const form = multipartBody([{ name: 'image', filename: 'b.png', contentType: 'image/png', data: PNG_HEAD }]);
    const viaEdge = () =>
      request(`${edge}/inference/api/v1/classify`, {
        method: 'POST',
        headers: { 'content-type': MULTIPART_TYPE },
        body: form,
      }).then((r) => r.status);
    const direct = () =>
      request(`${bff.address}/api/v1/classify`, {
        method: 'POST',
        headers: { 'content-type': MULTIPART_TYPE, ...freshEdgeHeaders('POST:/inference/api/v1/classify').headers },
        body: form,
      }).then((r) => r.status);
    const rejectedIds: string[] = [];
    const badKeyThroughEdge = async (n: number) => {
      const answer = await request(`${edge}/keyed/api/v1/classify`, { headers: { authorization: `bad-key-${n}` } });
      if (answer.status === 403) rejectedIds.push(JSON.parse(answer.body).traceId);
    };
    const webhookToBff = async () => {
      const { traceId, headers } = freshEdgeHeaders('GET:/keyed/api/v1/classify');
      const body = Buffer.from(rejectedWebhookBody({ at: Date.now(), method: 'GET', headers }));
      const answer = await request(`${bff.address}/_edge/rejected`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sw-edge-key': SECRET },
        body,
      });
      if (answer.status === 202) rejectedIds.push(traceId);
    };
    const flood = async (n: number, one: (i: number) => Promise<void>) => {
      let sent = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (sent < n) await one(++sent);
        }),
      );
      return (performance.now() - started) / 1000;
    };
    console.log(`bench:rejected — node ${process.version}; normal ${NORMAL} requests at c=4 per side, flood ${FLOOD} at c=16, per scenario`);
    for (const [name, normal, floodOne] of [
      ['1. through the edge emulator: classify on /inference/ vs bad keys on /keyed/', viaEdge, badKeyThroughEdge],
      ['2. straight to the BFF: classify with edge headers vs Tyk webhook bodies on /_edge/rejected', direct, webhookToBff],
    ] as const) {
      await closedLoop(40, 4, normal); // warm-up
      const without: number[] = [];
      const withFlood: number[] = [];
      let floodSeconds = 0;
      const idsBefore = rejectedIds.length;
      let cpuWithout = 0;
      let cpuWith = 0;
      for (let round = 0; round < 2; round++) {
        let cpu = cpuMs(bffPid) / 1000;
        without.push(...(await closedLoop(NORMAL / 2, 4, normal)).latencies);
        cpuWithout += cpuMs(bffPid) / 1000 - cpu;
        cpu = cpuMs(bffPid) / 1000;
        const [run, seconds] = await Promise.all([closedLoop(NORMAL / 2, 4, normal), flood(FLOOD / 2, floodOne)]);
        cpuWith += cpuMs(bffPid) / 1000 - cpu;
        withFlood.push(...run.latencies);
        floodSeconds += seconds;
      }
      // BFF CPU of the flood = CPU of the flood round minus that of the same normal load alone.
      const perNormalMs = (cpuWithout * 1000) / NORMAL;
      const perRejectedMs = ((cpuWith - cpuWithout) * 1000) / FLOOD;
      console.log(`\n${name} (normal requests, ms)`);
      console.log(`   without the flood   p50 ${f1(percentile(without, 50))}  p95 ${f1(percentile(without, 95))}`);
      console.log(
        `   with the flood      p50 ${f1(percentile(withFlood, 50))}  p95 ${f1(percentile(withFlood, 95))}   p95 ratio ${(percentile(withFlood, 95) / percentile(without, 95)).toFixed(2)}×`,
      );
      console.log(
        `   flood: ${FLOOD} in ${f1(floodSeconds)} s (${f1(FLOOD / floodSeconds)}/s), ${rejectedIds.length - idsBefore} refused and handed to the BFF`,
      );
      console.log(`   BFF CPU: ${perNormalMs.toFixed(2)} ms per normal request, ${perRejectedMs.toFixed(2)} ms per rejected request (its webhook)`);
    }
    // Traced one for one: every refused request's trace id has its gateway segment in the collector.
    const deadline = Date.now() + 30_000;
    let found = 0;
    let missing = rejectedIds;
    while (Date.now() < deadline) {
      const checks = await Promise.all(missing.map(async (id) => [id, (await request(`${collector.http}/api/traces/${id}`, {})).body] as const));
      missing = checks.filter(([, body]) => !body.includes('"tyk.event"')).map(([id]) => id);
      found = rejectedIds.length - missing.length;
      if (missing.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`\nrejected traces in the collector: ${found} of ${rejectedIds.length} (each a gateway-only error segment tagged tyk.event)`);
    const metrics = (await request(`${bff.address}/metrics`, {})).body;
    const webhookLines = metrics.split('\n').filter((l) => l.startsWith('bff_edge_webhooks_total{'));
    console.log(`BFF webhook outcomes: ${webhookLines.map((l) => l.replace('bff_edge_webhooks_total', '')).join(', ')}`);
    rss.after = rssMb(bffPid);
    console.log(`BFF RSS: before ${f1(rss.before)} MB, peak ${f1(rss.peak)} MB, after ${f1(rss.after)} MB`);
  } finally {
    clearInterval(sampler);
    for (const child of children) await child.stop();
    await standIn.close();
    agent.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
