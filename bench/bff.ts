// npm run bench:bff — the BFF's cost, each figure against a baseline measured in this same run
// (other processes share the machine: numbers are noisy; compare ratios, not absolutes).
//   1. latency: classify through the BFF vs POST /predict on the model directly, real model
//      server, 224×224 JPEG, closed loop at concurrency 8 → p50, p95, ratio (target p95 ≤ 1.2×);
//   2. throughput, tracing on (agent) vs off (SW_DISABLE=true): against the real model, and
//      against a model stand-in that answers at once (the BFF's own cost, not hidden by inference)
//      (target ≤ 5 % loss);
//   3. memory: RSS growth of the BFF while 20 concurrent 8 MB uploads stream through it to a
//      model that reads them (target ≤ 64 MB);
//   4. batching: segments and log lines per POST to OAP, BFF CPU per request traced vs untraced
//      (bench/bff/batching.ts). BENCH_ONLY=batching runs only this one (no real model needed).
// Processes run from dist/ (npm run bench:bff builds first). BENCH_REQUESTS (default 200) sets
// the requests per measured run.
import { percentile } from './lib/stats';
import http from 'node:http';
import { jpeg, solid, PNG_HEAD } from '../testkit/images';
import { startChild, startCollectorChild, waitReady, type Child } from './lib/children';
import { closedLoop, f1, rps } from './lib/load';
import { rssMb } from './lib/proc-stats';
import { runBatchingBench } from './bff/batching';
import { startModelStandIn } from '../testkit/bff/model-stand-in';
import { multipartBody, MULTIPART_TYPE, streamedUpload, postStream } from '../testkit/bff/multipart';
import { send } from '../testkit/raw-http';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = 8;
const MB = 1024 * 1024;

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const post = (url: string, body: Buffer, contentType: string): Promise<number> =>
  send(url, body, { method: 'POST', headers: { 'content-type': contentType }, agent }).then((answer) => answer.status);

async function main(): Promise<void> {
  const collector = await startCollectorChild();
  if (process.env.BENCH_ONLY === 'batching') {
    const standIn = await startModelStandIn({ keepBody: false });
    try {
      await runBatchingBench(collector, standIn.url);
    } finally {
      await standIn.close();
      await collector.stop();
      agent.destroy();
    }
    return;
  }
  const agentEnv = { SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpc, SW_OAP_HTTP_URL: collector.http };
  const model = await startChild('model/main.js', { ...agentEnv, PORT: '0' });
  const standIn = await startModelStandIn({ keepBody: false });
  const bffOn = await startChild('bff/main.js', { ...agentEnv, PORT: '0', MODEL_URL: model.address });
  const bffOff = await startChild('bff/main.js', { ...agentEnv, PORT: '0', MODEL_URL: model.address, SW_DISABLE: 'true' });
  const standInOn = await startChild('bff/main.js', { ...agentEnv, PORT: '0', MODEL_URL: standIn.url });
  const standInOff = await startChild('bff/main.js', { ...agentEnv, PORT: '0', MODEL_URL: standIn.url, SW_DISABLE: 'true' });
  const children = [model, bffOn, bffOff, standInOn, standInOff, collector];
  try {
    await waitReady(model.address, 120_000);
    const image = await jpeg(solid(224, 224, 'rgb(90,140,200)'));
    const form = multipartBody([{ name: 'image', filename: 'bench.jpg', contentType: 'image/jpeg', data: image }]);
    const direct = () => post(`${model.address}/predict`, image, 'image/jpeg');
    const via = (bff: Child) => () => post(`${bff.address}/api/v1/classify`, form, MULTIPART_TYPE);

    console.log(`bench:bff — ${REQUESTS} requests per run, concurrency ${CONCURRENCY}, node ${process.version}, ${image.length} B JPEG`);
    for (const w of [direct, via(bffOn), via(bffOff), via(standInOn), via(standInOff)]) await closedLoop(40, CONCURRENCY, w); // warm-up

    // 1. Latency: alternate halves so drift hits both sides.
    const d: number[] = [];
    const b: number[] = [];
    let errors = 0;
    for (let round = 0; round < 2; round++) {
      const r1 = await closedLoop(REQUESTS / 2, CONCURRENCY, direct);
      const r2 = await closedLoop(REQUESTS / 2, CONCURRENCY, via(bffOn));
      d.push(...r1.latencies);
      b.push(...r2.latencies);
      errors += r1.errors + r2.errors;
    }
    console.log('\n1. latency, real model, concurrency 8 (ms)');
    console.log(`   direct POST /predict       p50 ${f1(percentile(d, 50))}  p95 ${f1(percentile(d, 95))}`);
    console.log(`   through BFF (traced)       p50 ${f1(percentile(b, 50))}  p95 ${f1(percentile(b, 95))}`);
    console.log(
      `   ratio BFF/direct           p50 ${(percentile(b, 50) / percentile(d, 50)).toFixed(2)}×  p95 ${(percentile(b, 95) / percentile(d, 95)).toFixed(2)}×  (target p95 ≤ 1.2×)  errors ${errors}`,
    );

    // 2. Throughput, tracing on vs off.
    console.log('\n2. throughput, tracing on vs off (requests/s, concurrency 8, mean of 4 runs each, ABBA order)');
    for (const [name, on, off] of [
      ['real model', bffOn, bffOff],
      ['stand-in model (BFF cost only)', standInOn, standInOff],
    ] as const) {
      const onRuns: number[] = [];
      const offRuns: number[] = [];
      // ABBA order (off, on, on, off, …) so a drift in the machine's load does not favour one side.
      for (let round = 0; round < 4; round++) {
        const order = round % 2 === 0 ? [off, on] : [on, off];
        for (const bff of order) (bff === on ? onRuns : offRuns).push(rps(await closedLoop(REQUESTS / 2, CONCURRENCY, via(bff))));
      }
      const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
      const onR = mean(onRuns);
      const offR = mean(offRuns);
      console.log(
        `   ${name.padEnd(32)} off ${f1(offR)}  on ${f1(onR)}  on/off ${(onR / offR).toFixed(2)}× (loss ${f1((1 - onR / offR) * 100)} %, target ≤ 5 %)  runs off [${offRuns.map(f1).join(', ')}] on [${onRuns.map(f1).join(', ')}]`,
      );
    }

    // 3. Memory: 20 concurrent 8 MB uploads.
    const pid = standInOn.proc.pid!;
    const before = rssMb(pid);
    let peak = before;
    const poll = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => postStream(`${standInOn.address}/api/v1/classify`, streamedUpload('image', PNG_HEAD, 8 * MB))),
    );
    clearInterval(poll);
    peak = Math.max(peak, rssMb(pid));
    const ok = results.filter((r) => r.status === 200).length;
    console.log('\n3. memory, 20 concurrent 8 MB uploads through the traced BFF');
    console.log(
      `   RSS before ${f1(before)} MB, peak ${f1(peak)} MB, growth ${f1(peak - before)} MB (target ≤ 64 MB; buffering would be ≥ 160 MB)  ${ok}/20 answered 200 in ${f1((performance.now() - started) / 1000)} s`,
    );

    await runBatchingBench(collector, standIn.url);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await standIn.close();
    agent.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
