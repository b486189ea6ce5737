// The trace page on the collector's HTTP port, rendered by headless Chromium (Debian `chromium`):
// the recent-traces list, one trace as a waterfall with the doctor's verdict, a span's tags and
// logs opened, and a screenshot saved under .test-output/.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { buildSpanTree, flatten } from '../../collector/query/span-tree';
import { healthyChain, ref, segment, span } from './segment-factory';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUTPUT = path.join(__dirname, '..', '..', '.test-output');
let collector: RunningCollector;
let profile: string;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `headless Chromium is needed for this test: apt-get install chromium (or set CHROMIUM_PATH); not found at ${CHROMIUM}`);
  profile = mkdtempSync(path.join(os.tmpdir(), 'collector-chromium-'));
  collector = await startTestCollector();
  const t0 = Date.now() - 5000;
  const chain = healthyChain('page-ok', t0);
  chain[2].spans[0].logs.push({ time: t0 + 30, data: [{ key: 'event', value: 'batch of 4' }] });
  for (const s of chain) collector.store.addSegment(s, 'grpc');
  const broken = healthyChain('page-broken', t0 + 1000);
  broken[1].spans[0].isError = true;
  broken[2].spans[0].operationName = '<img src=x onerror="document.title=1">infer';
  for (const s of broken.slice(1)) collector.store.addSegment(s, 'http');
});

after(async () => {
  await collector?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

function chromium(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        `--user-data-dir=${profile}`,
        '--virtual-time-budget=4000',
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`chromium exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

test('the page lists recent traces with root endpoint, services and error status', async () => {
  const dom = await chromium(['--dump-dom', `${collector.httpUrl}/`]);
  assert.match(dom, /id="trace-list"/);
  assert.equal(count(dom, /class="trace-row"/g), 2);
  assert.ok(dom.indexOf('data-trace-id="page-broken"') < dom.indexOf('data-trace-id="page-ok"'), 'newest first');
  assert.match(dom, /POST:\/inference\/api\/v1\/classify/);
  assert.match(dom, /<span class="err-badge">error<\/span>/);
});

test('one trace renders as a waterfall, a row per span grouped by service, with the doctor verdict and a span opened; screenshot saved', async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, 'collector-waterfall.png');
  rmSync(file, { force: true });
  const dom = await chromium([
    '--dump-dom',
    '--hide-scrollbars',
    '--window-size=1280,720',
    `--screenshot=${file}`,
    `${collector.httpUrl}/#/trace/page-ok/span/page-ok-modelS1`,
  ]);
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.length > 10_000, `a real picture, not a blank page (${png.length} bytes)`);
  assert.equal(count(dom, /class="span-row/g), 7);
  const services = [...dom.matchAll(/data-service="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(services, ['tyk-gateway', 'tyk-gateway', 'tyk-gateway', 'bff', 'bff', 'model-server', 'model-server']);
  assert.match(dom, /Trace doctor: nothing wrong found\./);
  assert.match(dom, /class="bar" style="left:0\.000%;width:100\.000%/);
  // the opened span (model/infer) shows its tags and logs
  assert.equal(count(dom, /class="details"/g), 1);
  assert.match(dom, /<td class="k">x-le<\/td><td>\{"logic-span":true\}<\/td>/);
  assert.match(dom, /event=batch of 4/);
});

test("a broken trace shows its error span and the doctor's findings", async () => {
  const dom = await chromium(['--dump-dom', `${collector.httpUrl}/trace/page-broken`]);
  assert.match(dom, /class="span-row error"/);
  assert.match(dom, /The tyk-gateway segment page-broken-gw was not reported/);
  // span names are shown as text, never as markup
  assert.match(dom, /&lt;img src=x onerror="document\.title=1"&gt;infer/);
  assert.doesNotMatch(dom, /<img src="x"/);
});

test('a trace page opened before the last segment arrived re-renders when it comes', async () => {
  const [gw, bff, model] = healthyChain('page-late', Date.now() - 2000);
  collector.store.addSegment(gw, 'http');
  collector.store.addSegment(bff, 'http');
  // The model's segment arrives right after the page's first two reads (trace and doctor).
  const store = collector.store;
  const original = store.getTrace.bind(store);
  let reads = 0;
  store.getTrace = (id: string) => {
    const found = original(id);
    if (id === 'page-late' && ++reads === 2) store.addSegment(model, 'grpc');
    return found;
  };
  try {
    const dom = await chromium(['--dump-dom', `${collector.httpUrl}/#/trace/page-late`]);
    assert.ok(reads >= 3, `the page read the trace again (${reads} reads)`);
    assert.equal(count(dom, /class="span-row/g), 7);
    assert.match(dom, /data-service="model-server"/);
  } finally {
    store.getTrace = original;
  }
});

test('a trace with a cycle of refs is cut where the CLI and the doctor cut it: same rows, same depths', async () => {
  const t0 = Date.now() - 3000;
  const names = ['cyc-a', 'cyc-b', 'cyc-c'];
  const segments = names.map((id, i) =>
    segment({
      traceId: 'page-cycle',
      traceSegmentId: id,
      service: `svc-${i}`,
      spans: [span({ spanId: 0, spanType: 'Entry', startTime: t0 + i, endTime: t0 + 50 }), span({ spanId: 1, startTime: t0 + i + 1, endTime: t0 + 40 })],
    }),
  );
  // a ← c ← b ← a: every segment's entry names another's span 1 as its parent.
  for (let i = 0; i < segments.length; i++) segments[i].spans[0].refs = [ref(segments[(i + 2) % segments.length], 1, 'peer')];
  for (const s of segments) collector.store.addSegment(s, 'http');
  const expected = flatten(buildSpanTree(collector.store.getTrace('page-cycle')!.segments)).map((n) => `${n.key}@${n.depth * 14}`);
  const dom = await chromium(['--dump-dom', `${collector.httpUrl}/#/trace/page-cycle`]);
  const rows = [...dom.matchAll(/data-span="([^"]+)"><div class="label" style="padding-left:(\d+)px/g)].map((m) => `${m[1]}@${m[2]}`);
  assert.equal(rows.length, 6, 'every span is a row, none lost to the cycle');
  assert.deepEqual(rows, expected);
  assert.match(dom, /\[ref-cycle\]/);
});
