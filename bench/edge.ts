// npm run bench:edge — the edge hooks in both of Tyk's JS engines, each called the way its driver calls
// them: otto v0.5.1 (Tyk ≤ 5.14; vm.Copy() per call) and goja (Tyk 5.15 `javascript`; a fresh runtime
// per call, every file replayed). Per hook: the request marshalled with the body pasted in as base64,
// run with the timeout armed, the return decoded and applied; pre then post per request.
// Rivals in the same run and the same harness process, in a random order within every iteration: two
// empty hooks of our shape (what any JS hook costs in Tyk), two hooks on the stock TykJS body path, and
// the pre hook alone (the pre-only bundle). Prints median and p95 per request, ours/empty, the targets
// of issue 13 as PASS/MISS (never a non-zero exit for a miss), and a markdown table for the README.
import { median, medianAndP95 } from './lib/stats';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchHooks, ENGINES, type BenchVariant, type BenchVariantResult, type EngineName } from '../testkit/jsvm/harness-client';
import { REPO_ROOT } from '../service-kit/repo-paths';

const QUICK = process.argv.includes('--quick');
const KB = 1024;
const MB = 1024 * KB;

/** Body sizes and how many requests to time at each (every rival runs once per iteration; goja at 0 B is
 * so cheap that it gets 5× the iterations for a stable median). */
const SIZES: Array<{ label: string; bytes: number; iterations: number; warmup: number }> = [
  { label: '0 B', bytes: 0, iterations: QUICK ? 20 : 300, warmup: QUICK ? 2 : 20 },
  { label: '300 KB', bytes: 300 * KB, iterations: QUICK ? 10 : 100, warmup: QUICK ? 1 : 5 },
  { label: '5 MB', bytes: 5 * MB, iterations: QUICK ? 4 : 30, warmup: QUICK ? 1 : 3 },
];

const TARGETS = { oursOverEmpty: 1.05, gojaAt0Ms: 1, stockOverOursAt5Mb: 1.5, hookFileBytes: 8 * KB };

const OURS_PRE = path.join(REPO_ROOT, 'dist', 'tyk-middleware', 'sw-edge-pre.js');
const OURS_POST = path.join(REPO_ROOT, 'dist', 'tyk-middleware', 'sw-edge-post.js');
const EMPTY = path.join(__dirname, 'fixtures', 'empty-hooks.js');
const STOCK = path.join(__dirname, 'fixtures', 'stock-hooks.js');

interface Rival extends BenchVariant {
  title: string;
  /** Only in this engine (default: both). */
  engine?: EngineName;
}

const RIVALS: Rival[] = [
  { name: 'ours', title: 'ours (swEdgePre + swEdgePost)', files: [OURS_PRE, OURS_POST], hooks: ['swEdgePre', 'swEdgePost'] },
  { name: 'empty', title: 'empty hooks, our shape', files: [EMPTY], hooks: ['benchEmptyPre', 'benchEmptyPost'] },
  { name: 'stock', title: 'stock TykJS body path', files: [STOCK], hooks: ['benchStockPre', 'benchStockPost'] },
  { name: 'preOnly', title: 'ours, pre only (pre-only bundle)', files: [OURS_PRE], hooks: ['swEdgePre'] },
  // A/A control: the same empty hooks again. Its paired ratio to "empty" is the noise floor of this run.
  { name: 'emptyAgain', title: 'empty hooks again (A/A control)', files: [EMPTY], hooks: ['benchEmptyPre', 'benchEmptyPost'] },
  // otto only: the empty hooks in a VM that also holds our files. Its excess over "empty" is what
  // vm.Copy() pays for our loaded code (goja has no copy: it replays only the files a hook's API loads).
  {
    name: 'emptyWithOurs',
    title: 'empty hooks, our files also loaded',
    files: [OURS_PRE, OURS_POST, EMPTY],
    hooks: ['benchEmptyPre', 'benchEmptyPost'],
    engine: 'otto',
  },
];

// What a request through the inference API looks like to the gateway.
const HEADERS = { 'Content-Type': ['multipart/form-data; boundary=----sw-edge-bench'], 'User-Agent': ['curl/8.5.0'], Accept: ['*/*'] };
const SPEC = { APIID: 'inference', OrgID: 'default', config_data: { sw_service: 'tyk-gateway', sw_instance: 'tyk-bench' } };

const f2 = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(2));
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

interface Stats {
  ms: number[];
  median: number;
  p95: number;
}

function stats(r: BenchVariantResult): Stats {
  const ms = r.samplesNs.map((n) => n / 1e6);
  return { ms, ...medianAndP95(ms) };
}

/** Median of per-iteration ratios a[i] / b[i] and differences a[i] − b[i] (both rivals ran in the same iteration). */
const pairedRatio = (a: Stats, b: Stats) => median(a.ms.map((x, i) => x / (b.ms[i] ?? NaN)));
const pairedDiff = (a: Stats, b: Stats) => median(a.ms.map((x, i) => x - (b.ms[i] ?? NaN)));

function checkSanity(engine: EngineName, rival: Rival, bytes: number, r: BenchVariantResult): void {
  if (!r.bodyUnchanged) throw new Error(`${engine} ${rival.name} at ${bytes} B: the body did not come back byte for byte`);
  const expected =
    rival.name === 'ours' ? ['Sw8', 'X-Sw-Edge-Start', 'X-Sw-Edge-Post', 'X-Sw-Edge-Trace-Id'] : rival.name === 'preOnly' ? ['Sw8', 'X-Sw-Edge-Start'] : [];
  for (const name of expected) {
    if (!r.finalHeaders[name]) throw new Error(`${engine} ${rival.name} at ${bytes} B: header ${name} missing; got ${JSON.stringify(r.finalHeaders)}`);
  }
}

const rivalsOf = (engine: EngineName) => RIVALS.filter((r) => !r.engine || r.engine === engine);

async function measure(): Promise<Map<string, Stats>> {
  const results = new Map<string, Stats>();
  for (const { name: engine } of ENGINES) {
    for (const size of SIZES) {
      const rivals = rivalsOf(engine).filter((r) => r.name !== 'emptyWithOurs' || size.bytes === 0);
      const res = await benchHooks({
        engine,
        variants: rivals.map(({ name, hooks, files }) => ({ name, hooks, files })),
        bodyBytes: size.bytes,
        iterations: engine === 'goja' && size.bytes === 0 ? size.iterations * 5 : size.iterations,
        warmup: size.warmup,
        headers: HEADERS,
        spec: SPEC,
        url: '/inference/predict',
        seed: 1,
      });
      rivals.forEach((rival, i) => {
        const r = res.variants[i];
        if (!r || r.name !== rival.name) throw new Error(`${engine} harness answered without rival ${rival.name}`);
        checkSanity(engine, rival, size.bytes, r);
        results.set(`${engine}/${rival.name}@${size.label}`, stats(r));
      });
      process.stderr.write(`  measured ${engine} at ${size.label}\n`);
    }
  }
  return results;
}

async function main(): Promise<void> {
  for (const f of [OURS_PRE, OURS_POST]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build:edge\` (npm run bench:edge does it first)`);
  }
  const started = Date.now();
  console.log(`bench:edge — ${ENGINES.map((e) => `${e.name} (${e.module}; ${e.gateway})`).join(' and ')}`);
  console.log(`${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log('per request = pre + post; per hook: marshal the request with the body pasted in, per-call state (otto vm.Copy(), goja fresh runtime +');
  console.log('replay), run, decode, apply. Rivals run in a fresh random order within every iteration, one harness process per engine and size;');
  console.log("Go's collector is off during a request and runs after it, untimed.");
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on this box makes the numbers noisy)\n`,
  );

  const results = await measure();
  const get = (engine: EngineName, rival: string, size: string): Stats => {
    const s = results.get(`${engine}/${rival}@${size}`);
    if (!s) throw new Error(`no result for ${engine} ${rival} at ${size}`);
    return s;
  };
  const names = ENGINES.map((e) => e.name);

  const header = `| body | rival | ${names.map((n) => `${n} median ms | ${n} p95 ms`).join(' | ')} |`;
  const lines = [header, `|---|---|${names.map(() => '---:|---:').join('|')}|`];
  for (const size of SIZES) {
    for (const rival of RIVALS.filter((r) => r.name !== 'emptyWithOurs' || size.bytes === 0)) {
      const cells = names.map((engine) => {
        const s = rival.engine && rival.engine !== engine ? undefined : get(engine, rival.name, size.label);
        return s ? `${f2(s.median)} | ${f2(s.p95)}` : '— | —';
      });
      lines.push(`| ${size.label} | ${rival.title} | ${cells.join(' | ')} |`);
    }
    const ratios = names.map(
      (engine) =>
        `${f2(pairedRatio(get(engine, 'ours', size.label), get(engine, 'empty', size.label)))}× | (A/A ${f2(pairedRatio(get(engine, 'emptyAgain', size.label), get(engine, 'empty', size.label)))}×)`,
    );
    lines.push(`| ${size.label} | **ours / empty** (paired) | ${ratios.join(' | ')} |`);
  }
  console.log(lines.join('\n'));

  console.log('');
  const preBytes = statSync(OURS_PRE).size;
  const postBytes = statSync(OURS_POST).size;
  console.log(`compiled hooks: sw-edge-pre.js ${preBytes} B, sw-edge-post.js ${postBytes} B`);
  const otto0 = get('otto', 'empty', '0 B');
  console.log(
    `otto 0 B: ours − empty = ${f2(pairedDiff(get('otto', 'ours', '0 B'), otto0))} ms (paired), of which ≈ ${f2(pairedDiff(get('otto', 'emptyWithOurs', '0 B'), otto0))} ms is vm.Copy() of our loaded code`,
  );
  for (const size of SIZES) {
    const cheaper = pairedRatio(get('otto', 'ours', size.label), get('goja', 'ours', size.label));
    console.log(
      `${size.label}: ours in otto / ours in goja = ${f2(cheaper)}× (${cheaper >= 1 ? 'goja cheaper' : 'otto cheaper'}); ` +
        `pre-only saves ${names.map((e) => `${e} ${f2(get(e, 'ours', size.label).median - get(e, 'preOnly', size.label).median)} ms`).join(', ')} per request`,
    );
  }
  console.log('');
  for (const engine of names) {
    for (const size of SIZES) {
      const ratio = pairedRatio(get(engine, 'ours', size.label), get(engine, 'empty', size.label));
      console.log(
        `${verdict(ratio <= TARGETS.oursOverEmpty)}  ${engine} ${size.label}: ours / empty hooks = ${f2(ratio)}× (target ≤ ${TARGETS.oursOverEmpty}×)`,
      );
    }
  }
  const goja0 = get('goja', 'ours', '0 B');
  console.log(
    `${verdict(goja0.median <= TARGETS.gojaAt0Ms)}  goja 0 B: ours pre + post ${f2(goja0.median)} ms per request (target ≤ ${TARGETS.gojaAt0Ms} ms; p95 ${f2(goja0.p95)} ms)`,
  );
  for (const engine of names) {
    const ratio5 = pairedRatio(get(engine, 'stock', '5 MB'), get(engine, 'ours', '5 MB'));
    console.log(
      `${verdict(ratio5 >= TARGETS.stockOverOursAt5Mb)}  ${engine} 5 MB: stock path / ours = ${f2(ratio5)}× (target ≥ ${TARGETS.stockOverOursAt5Mb}×)`,
    );
  }
  const biggest = Math.max(preBytes, postBytes);
  console.log(`${verdict(biggest <= TARGETS.hookFileBytes)}  compiled hooks: largest ${biggest} B (target ≤ ${TARGETS.hookFileBytes} B each)`);
  console.log(`\nbench:edge took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
