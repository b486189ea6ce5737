// npm run bench:edge — the edge hooks in real otto, called the way Tyk calls
// them (request marshalled with the body pasted in as base64, vm.Copy() per
// call, timeout armed, return decoded and applied), pre then post per request.
// Rivals in the same run: two empty hooks of the same shape (Tyk's own cost
// per JS hook) and two hooks on the stock TykJS body path.
// Prints median and p95 per request, the targets of issue 2 as PASS/MISS
// (never a non-zero exit for a miss), and a markdown table for bench/EDGE.md.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchHooks, REPO_ROOT, type BenchResult } from '../test/otto/otto-harness';

const QUICK = process.argv.includes('--quick');
const KB = 1024;
const MB = 1024 * KB;

/** Body sizes and how many requests to time at each (split over ROUNDS interleaved rounds). */
const SIZES: Array<{ label: string; bytes: number; iterations: number; warmup: number }> = [
  { label: '0 B', bytes: 0, iterations: QUICK ? 20 : 300, warmup: QUICK ? 2 : 10 },
  { label: '300 KB', bytes: 300 * KB, iterations: QUICK ? 10 : 100, warmup: QUICK ? 1 : 3 },
  { label: '5 MB', bytes: 5 * MB, iterations: QUICK ? 5 : 30, warmup: QUICK ? 1 : 2 },
];
/** Variants run in turns, so drift from other processes on the box hits all of them alike. */
const ROUNDS = QUICK ? 1 : 5;

const TARGETS = { overheadAt0Ms: 0.3, oursAt5MbMs: 50, stockOverOursAt5Mb: 2.5, hookFileBytes: 8 * KB };

const OURS_PRE = path.join(REPO_ROOT, 'dist', 'tyk-middleware', 'sw-edge-pre.js');
const OURS_POST = path.join(REPO_ROOT, 'dist', 'tyk-middleware', 'sw-edge-post.js');

interface Variant {
  name: 'ours' | 'empty' | 'stock';
  title: string;
  files: string[];
  hooks: string[];
}

const VARIANTS: Variant[] = [
  { name: 'ours', title: 'ours (swEdgePre + swEdgePost)', files: [OURS_PRE, OURS_POST], hooks: ['swEdgePre', 'swEdgePost'] },
  { name: 'empty', title: 'empty hooks, same shape', files: [path.join(__dirname, 'fixtures', 'empty-hooks.js')], hooks: ['benchEmptyPre', 'benchEmptyPost'] },
  { name: 'stock', title: 'stock TykJS body path', files: [path.join(__dirname, 'fixtures', 'stock-hooks.js')], hooks: ['benchStockPre', 'benchStockPost'] },
];

// What a request through the inference API looks like to the gateway.
const HEADERS = { 'Content-Type': ['multipart/form-data; boundary=----sw-edge-bench'], 'User-Agent': ['curl/8.5.0'], Accept: ['*/*'] };
const SPEC = { APIID: 'inference', OrgID: 'default', config_data: { sw_service: 'tyk-gateway', sw_instance: 'tyk-bench' } };

function quantile(sortedMs: number[], q: number): number {
  // Nearest rank.
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil(q * sortedMs.length) - 1));
  return sortedMs[i] ?? NaN;
}

interface Stats {
  median: number;
  p95: number;
  n: number;
  hookMedians: number[];
  gcMedian: number;
}

const sortedMs = (ns: number[]) => ns.map((n) => n / 1e6).sort((a, b) => a - b);

function stats(samplesNs: number[], hookSamplesNs: number[][], gcSamplesNs: number[]): Stats {
  const ms = sortedMs(samplesNs);
  const hookMedians = hookSamplesNs.map((hs) => quantile(sortedMs(hs), 0.5));
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95), n: ms.length, hookMedians, gcMedian: quantile(sortedMs(gcSamplesNs), 0.5) };
}

const f2 = (n: number) => n.toFixed(2);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function checkSanity(variant: Variant, size: number, r: BenchResult): void {
  if (variant.name !== 'stock' && !r.bodyUnchanged) throw new Error(`${variant.name} at ${size} B: the body did not come back untouched`);
  if (variant.name === 'ours') {
    const h = r.finalHeaders;
    for (const name of ['Sw8', 'X-Sw-Edge-Start', 'X-Sw-Edge-Post', 'X-Sw-Edge-Trace-Id']) {
      if (!h[name]) throw new Error(`ours at ${size} B: header ${name} missing after pre+post; got ${JSON.stringify(h)}`);
    }
  }
}

async function main(): Promise<void> {
  for (const f of [OURS_PRE, OURS_POST]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build:edge\` (npm run bench:edge does it first)`);
  }
  const started = Date.now();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`bench:edge — real otto (Debian's, ${process.platform}/${process.arch}), ${os.cpus().length} cores (${cpu}), Node ${process.version}`);
  console.log(`per request = pre + post, each: marshal request with body pasted in, vm.Copy(), run, decode, apply (Tyk's DynamicMiddleware)`);
  console.log(`Go's collector is off during a request; the full collection after it is the "GC after" column (not in the request time)`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on this box makes the numbers noisy)\n`);

  const results = new Map<string, Stats>();
  for (const size of SIZES) {
    const collected = new Map<string, { samples: number[]; hooks: number[][]; gc: number[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      const iterations = Math.ceil(size.iterations / ROUNDS);
      for (const v of VARIANTS) {
        const r = await benchHooks({ files: v.files, hooks: v.hooks, bodyBytes: size.bytes, iterations, warmup: size.warmup,
          headers: HEADERS, spec: SPEC, url: '/inference/predict', seed: 1 });
        checkSanity(v, size.bytes, r);
        const c = collected.get(v.name) ?? { samples: [], hooks: v.hooks.map(() => []), gc: [] };
        c.samples.push(...r.samplesNs);
        c.gc.push(...r.gcSamplesNs);
        r.hookSamplesNs.forEach((hs, i) => c.hooks[i]?.push(...hs));
        collected.set(v.name, c);
      }
    }
    for (const v of VARIANTS) {
      const c = collected.get(v.name);
      if (c) results.set(`${v.name}@${size.label}`, stats(c.samples, c.hooks, c.gc));
    }
  }

  const get = (v: string, s: string): Stats => {
    const r = results.get(`${v}@${s}`);
    if (!r) throw new Error(`no result for ${v} at ${s}`);
    return r;
  };

  const lines: string[] = [];
  lines.push('| body | variant | median ms | p95 ms | pre / post median ms | GC after, median ms | n |');
  lines.push('|---|---|---:|---:|---:|---:|---:|');
  for (const size of SIZES) {
    for (const v of VARIANTS) {
      const s = get(v.name, size.label);
      lines.push(`| ${size.label} | ${v.title} | ${f2(s.median)} | ${f2(s.p95)} | ${s.hookMedians.map(f2).join(' / ')} | ${f2(s.gcMedian)} | ${s.n} |`);
    }
  }
  console.log(lines.join('\n'));

  const overhead0 = get('ours', '0 B').median - get('empty', '0 B').median;
  const ours5 = get('ours', '5 MB').median;
  const ratio5 = get('stock', '5 MB').median / ours5;
  const ours0 = get('ours', '0 B').median;
  const perMbOurs = (ours5 - ours0) / 5;
  const perMbOurs300 = (get('ours', '300 KB').median - ours0) / (300 / 1024);
  const perMbEmpty = (get('empty', '5 MB').median - get('empty', '0 B').median) / 5;
  const perMbStock = (get('stock', '5 MB').median - get('stock', '0 B').median) / 5;
  const preBytes = statSync(OURS_PRE).size;
  const postBytes = statSync(OURS_POST).size;

  console.log('');
  console.log(`compiled hooks: sw-edge-pre.js ${preBytes} B, sw-edge-post.js ${postBytes} B`);
  console.log(`cost per MB of upload (pre+post, median slope 0 B → 5 MB): ours ${f2(perMbOurs)} ms/MB (0 → 300 KB: ${f2(perMbOurs300)} ms/MB), ` +
    `empty hooks ${f2(perMbEmpty)} ms/MB (Tyk's own paste/parse for any JS hook), stock path ${f2(perMbStock)} ms/MB`);
  console.log('');
  console.log(`${verdict(overhead0 <= TARGETS.overheadAt0Ms)}  0 B: ours ${f2(overhead0)} ms over empty hooks (target ≤ ${TARGETS.overheadAt0Ms} ms)`);
  console.log(`${verdict(ours5 <= TARGETS.oursAt5MbMs)}  5 MB: ours ${f2(ours5)} ms per request (target ≤ ${TARGETS.oursAt5MbMs} ms)`);
  console.log(`${verdict(ratio5 >= TARGETS.stockOverOursAt5Mb)}  5 MB: stock path / ours = ${f2(ratio5)}× (target ≥ ${TARGETS.stockOverOursAt5Mb}×)`);
  const biggest = Math.max(preBytes, postBytes);
  console.log(`${verdict(biggest <= TARGETS.hookFileBytes)}  compiled hooks: largest ${biggest} B (target ≤ ${TARGETS.hookFileBytes} B each)`);
  console.log(`\nbench:edge took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
