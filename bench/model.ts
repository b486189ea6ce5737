// npm run bench:model — the model server per backend (onnxruntime, the native one, against
// tfjs-wasm), paired in this one run: other processes on the machine make absolute numbers noisy,
// so every comparison alternates its rivals and reports a ratio.
//   0. sharp decode alone (the decode question of issue 11);
//   1. raw pool: pre-decoded pixels into the worker pool, batch 1 and 8; then sharp decode in front;
//   2. HTTP: 1024×768 JPEG, keep-alive, closed loop at c = 1, 8, 16, 32, backends alternating in
//      halves; CPU per image per stage; /healthz p99 from another process at c=16; RSS and worker
//      tensors after ≥ 1,000 requests;
//   3. tracing on (agent → embedded collector) against off, native backend, c=16, alternating.
// BENCH_SECONDS (default 6) sets the length of each measured run.
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { decodeImage } from '../model/image/decode';
import { loadOrt } from '../model/inference/onnx-classifier';
import { noise, photoLike } from '../testkit/images';
import { start as startCollector } from '../collector/server/server';
import { silentLogger } from '../collector/server/logger';
import { percentile } from './lib/stats';
import { rssMb } from './lib/proc-stats';
import { closedLoop, mergeRuns, type LoadResult } from './model/load';
import { defaultMaxBatch } from '../model/pool/batch-size';
import { DECODE, decodeAlone, startRawPool, type RawResult } from './model/raw-pool';
import { stageSplit, type ThreadMs } from './model/cpu-split';
import { measuredRun, startServer, workerTensors, type MeasuredRun, type ServerUnderTest } from './model/http-server';
import { REPO_ROOT } from '../service-kit/repo-paths';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const LEVELS = [1, 8, 16, 32];
const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');
const load = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sumCpu = (c: ThreadMs): number => c.main + c.inference + c.other;
type RawRuns = Record<'b1' | 'b8' | 'decode', RawResult>;
/** the raw run at the batch size the server uses on this backend */
const rawAtDefault = (r: RawRuns, backend: string): RawResult => (defaultMaxBatch(backend) === 1 ? r.b1 : r.b8);

async function rawPools(backends: string[], pixels: Uint8Array, image: Buffer): Promise<Map<string, Record<'b1' | 'b8' | 'decode', RawResult>>> {
  const out = new Map<string, Record<'b1' | 'b8' | 'decode', RawResult>>();
  for (const b of backends) out.set(b, {} as Record<'b1' | 'b8' | 'decode', RawResult>);
  for (const [key, batch, decodeFrom] of [
    ['b1', 1, undefined],
    ['b8', 8, undefined],
    ['decode', null, image],
  ] as const) {
    for (const b of backends) {
      const pool = await startRawPool(b, batch, pixels);
      const r = await pool.run(SECONDS, { decodeFrom });
      await pool.close();
      out.get(b)![key] = r;
      const what = key === 'decode' ? `sharp decode + pool (batch ${r.maxBatch})` : `batch ${r.maxBatch}`;
      console.log(
        `  ${b.padEnd(11)} ${what.padEnd(30)} ${f1(r.rate).padStart(6)} img/s, CPU ${f1(sumCpu(r.cpu))} ms/img (HTTP thread ${f1(r.cpu.main)}, workers ${f1(r.cpu.inference)}, libuv + V8 helpers ${f1(r.cpu.other)})`,
      );
    }
  }
  return out;
}

async function main(): Promise<void> {
  const mainJs = path.join(REPO_ROOT, 'dist', 'node', 'model', 'main.js');
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run \`npm run bench:model\` (it builds first)`);
  const cpuModel = os.cpus()[0]?.model ?? 'unknown CPU';
  const backends = loadOrt().ort ? ['onnxruntime', 'wasm'] : ['wasm'];
  console.log(
    `bench:model — ${os.cpus().length} × ${cpuModel}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${SECONDS} s per run, backends ${backends.join(' vs ')}`,
  );
  if (backends.length === 1) console.log('  onnxruntime-node is not installed: wasm only');
  console.log(`load average at start: ${load()} (other processes share these cores: compare the ratios, not the absolute figures)`);
  // Photo-like content plus sensor-like grain, so the JPEG has a real photo's size (~400 KB).
  const grain = await noise(1024, 768, 5).png().toBuffer();
  const image = await (await photoLike(1024, 768, 42))
    .composite([{ input: grain, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
  const pixels = (await decodeImage(image, DECODE)).pixels;
  console.log(`image: 1024×768 JPEG, ${(image.length / 1024).toFixed(0)} KB`);

  console.log('\n0. sharp decode alone (one at a time, nothing else in this process)');
  const alone = await decodeAlone(image, 200);
  console.log(`  ${f1(alone.cpuMs)} CPU ms/img, ${f1(alone.wallMs)} ms wall`);

  console.log('\n1. raw worker pool (no HTTP), one worker per core, backends alternating');
  const raw = await rawPools(backends, pixels, image);

  console.log('\n2. model server over HTTP (dist/node/model/main.js, agent off), backends alternating in halves');
  const servers: ServerUnderTest[] = [];
  for (const b of backends) servers.push(await startServer(b, mainJs, { MODEL_BACKEND: b, SW_DISABLE: 'true' }, REPO_ROOT));
  const rssIdle = servers.map((s) => rssMb(s.child.proc.pid!));
  for (const s of servers) await closedLoop(s.child.address, image, 16, 1); // warm-up
  const tensorsBefore = await Promise.all(servers.map(async (s) => workerTensors(await s.metrics())));
  const results = new Map<string, Map<number, { run: LoadResult; cpu: ThreadMs; processCpuMs: number; health: number[] }>>();
  for (const s of servers) results.set(s.label, new Map());
  for (const c of LEVELS) {
    const halves = new Map<string, MeasuredRun[]>(servers.map((s) => [s.label, []]));
    for (let half = 0; half < 2; half++) {
      for (const s of servers) halves.get(s.label)!.push(await measuredRun(s, image, c, SECONDS / 2, c === 16));
    }
    for (const s of servers) {
      const hs = halves.get(s.label)!;
      const run = mergeRuns(hs.map((h) => h.run));
      const w = (h: MeasuredRun) => h.run.completed / Math.max(1, run.completed);
      const cpu = { main: 0, inference: 0, other: 0 };
      for (const h of hs) for (const k of ['main', 'inference', 'other'] as const) cpu[k] += h.cpu[k] * w(h);
      const processCpuMs = hs.reduce((sum, h) => sum + h.processCpuMs * w(h), 0);
      const health = hs.flatMap((h) => h.health);
      results.get(s.label)!.set(c, { run, cpu, processCpuMs, health });
      console.log(
        `  ${s.label.padEnd(11)} c=${String(c).padStart(2)}: ${f1(run.rps).padStart(6)} img/s, p50 ${f1(run.p50)} ms, p95 ${f1(run.p95)} ms, CPU ${f1(processCpuMs)} ms/img, errors ${run.errors}${health.length ? `, /healthz p99 ${f1(percentile(health, 99))} ms` : ''}`,
      );
    }
  }
  // Leak check and RSS after at least 1,000 requests per backend.
  const served = servers.map((s) => [...results.get(s.label)!.values()].reduce((sum, r) => sum + r.run.completed, 0));
  for (const [i, s] of servers.entries()) {
    while (served[i] < 1000) served[i] += (await closedLoop(s.child.address, image, 16, 2)).completed;
  }
  const tensorsAfter = await Promise.all(servers.map(async (s) => workerTensors(await s.metrics())));
  const rssAfter = servers.map((s) => rssMb(s.child.proc.pid!));

  console.log(`\n3. tracing on (agent → embedded collector) against off, ${backends[0]}, c=16, alternating`);
  const collector = await startCollector({ grpcPort: 0, httpPort: 0, host: '127.0.0.1', logger: silentLogger });
  const traced = await startServer('traced', mainJs, { MODEL_BACKEND: backends[0], SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress }, REPO_ROOT);
  const warm = await closedLoop(traced.child.address, image, 8, 1);
  const on: LoadResult[] = [];
  const off: LoadResult[] = [];
  for (let half = 0; half < 2; half++) {
    off.push(await closedLoop(servers[0].child.address, image, 16, SECONDS / 2));
    on.push(await closedLoop(traced.child.address, image, 16, SECONDS / 2));
  }
  await traced.child.stop(); // SIGTERM: drain + agent flush
  for (const s of servers) await s.child.stop();
  const segments = collector.store.stats().received.segments;
  await collector.stop();
  const tOn = mergeRuns(on);
  const tOff = mergeRuns(off);
  console.log(
    `  off ${f1(tOff.rps)} img/s, on ${f1(tOn.rps)} img/s: ${((100 * (tOff.rps - tOn.rps)) / tOff.rps).toFixed(1)} % loss (target ≤ 5 %); collector received ${segments} segments for ${warm.completed + tOn.completed} requests`,
  );

  printTables(backends, raw, results);
  console.log('\nsummary (targets from issue 11)');
  const r16 = (b: string) => results.get(b)!.get(16)!;
  if (backends.length === 2) {
    const ratio = r16('onnxruntime').run.rps / r16('wasm').run.rps;
    console.log(
      `  HTTP c=16: onnxruntime ${f1(r16('onnxruntime').run.rps)} img/s (target ≥ 120), wasm ${f1(r16('wasm').run.rps)} img/s: ${ratio.toFixed(2)}× (target ≥ 3×)`,
    );
  }
  // CPU per image hardly depends on what else runs; throughput does (the workers run at nice 10).
  const cores = os.availableParallelism();
  for (const b of backends) {
    const cpu = r16(b).processCpuMs;
    const rawCpu = sumCpu(rawAtDefault(raw.get(b)!, b).cpu);
    console.log(
      `  ${b}: CPU ${f1(cpu)} ms per image over HTTP at c=16 → at most ${f1((cores * 1000) / cpu)} img/s on ${cores} idle cores of this CPU; raw pool ${f1(rawCpu)} ms → ${f1((cores * 1000) / rawCpu)} img/s`,
    );
  }
  if (backends.length === 2) {
    const cpuRatio = r16('wasm').processCpuMs / r16('onnxruntime').processCpuMs;
    const inferRatio = rawAtDefault(raw.get('wasm')!, 'wasm').cpu.inference / rawAtDefault(raw.get('onnxruntime')!, 'onnxruntime').cpu.inference;
    console.log(`  CPU per image, wasm / onnxruntime: ${cpuRatio.toFixed(2)}× over HTTP, ${inferRatio.toFixed(2)}× for inference alone`);
  }
  for (const b of backends) {
    const best = Math.max(raw.get(b)!.b1.rate, raw.get(b)!.b8.rate);
    console.log(
      `  ${b}: c=16 = ${((100 * r16(b).run.rps) / raw.get(b)!.decode.rate).toFixed(0)} % of raw pool with decode (target ≥ 85 %), ${((100 * r16(b).run.rps) / best).toFixed(0)} % of raw pool without; p95 at c=1 ${f1(results.get(b)!.get(1)!.run.p95)} ms; /healthz p99 at c=16 ${f1(percentile(r16(b).health, 99))} ms over ${r16(b).health.length} probes (target ≤ 10 ms)`,
    );
  }
  for (const [i, b] of backends.entries()) {
    console.log(
      `  ${b}: RSS ${f1(rssIdle[i])} MB ready, ${f1(rssAfter[i])} MB after ${served[i]} requests; worker tensors ${tensorsBefore[i]} → ${tensorsAfter[i]} (${tensorsBefore[i] === tensorsAfter[i] ? 'no leak' : 'LEAK'})`,
    );
  }
  for (const b of backends) {
    const d = raw.get(b)!.decode;
    const base = rawAtDefault(raw.get(b)!, b);
    console.log(
      `  ${b}: decode ${f1(alone.cpuMs)} CPU ms/img alone, ${f1(d.cpu.other - base.cpu.other)} ms on libuv threads next to busy workers; the workers' inference ${f1(base.cpu.inference)} → ${f1(d.cpu.inference)} ms/img when decode shares the cores`,
    );
  }
  console.log(`load average at the end: ${load()}`);
}

function printTables(
  backends: string[],
  raw: Map<string, Record<'b1' | 'b8' | 'decode', RawResult>>,
  results: Map<string, Map<number, { run: LoadResult; cpu: ThreadMs; processCpuMs: number }>>,
): void {
  console.log('\n| backend | c | img/s | p50 ms | p95 ms | CPU ms/img | ratio to wasm |');
  console.log('|---|---|---|---|---|---|---|');
  for (const c of LEVELS) {
    for (const b of backends) {
      const r = results.get(b)!.get(c)!;
      const w = results.get('wasm')!.get(c)!;
      console.log(`| ${b} | ${c} | ${f1(r.run.rps)} | ${f1(r.run.p50)} | ${f1(r.run.p95)} | ${f1(r.processCpuMs)} | ${(r.run.rps / w.run.rps).toFixed(2)}× |`);
    }
  }
  console.log("\nCPU ms per image by stage at c=16 (decode = libuv threads above the raw pool; queue/batch = the raw pool's HTTP-thread share)");
  console.log('| backend | decode | queue/batch | inference | HTTP/serialisation | V8 helpers | total (threads) | total (/proc) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const b of backends) {
    const r = results.get(b)!.get(16)!;
    const s = stageSplit(r.cpu, rawAtDefault(raw.get(b)!, b).cpu);
    console.log(
      `| ${b} | ${f1(s.decode)} | ${f1(s.queueBatch)} | ${f1(s.inference)} | ${f1(s.http)} | ${f1(s.helpers)} | ${f1(s.total)} | ${f1(r.processCpuMs)} |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
