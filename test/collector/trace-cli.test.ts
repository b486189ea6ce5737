// `npm run trace`: the terminal waterfall and the doctor's findings, read through the same
// GraphQL it sends to a real OAP, here answered by the embedded collector.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { healthyChain } from './segment-factory';
import { runTraceCli } from '../../collector/cli/trace-cli';

let collector: RunningCollector;

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
before(async () => {
  collector = await startTestCollector();
  for (const s of healthyChain('cli-ok', 1_700_000_000_000)) collector.store.addSegment(s, 'grpc');
  const broken = healthyChain('cli-broken', 1_700_000_900_000);
  broken[1].spans[0].isError = true;
  for (const s of broken.slice(1)) collector.store.addSegment(s, 'http'); // no gateway segment
});
after(() => collector.stop());

async function run(argv: string[], env: NodeJS.ProcessEnv = { SW_OAP_HTTP_URL: collector.httpUrl }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTraceCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env, isTty: false });
  return { code, out, err };
}

test('a trace id prints one row per span, indented by parent, with offsets, durations and bars', async () => {
  const { code, out } = await run(['cli-ok', '--width', '110']);
  assert.equal(code, 0);
  assert.match(out[0], /^Trace cli-ok · 7 spans in 3 segments · 100 ms · tyk-gateway → bff → model-server$/);
  const rows = out.filter((l) => /^\s+\+\d/.test(l));
  assert.equal(rows.length, 7);
  assert.match(rows[0], /^\s+\+0\s+100 ms {2}tyk-gateway\s+▶ POST:\/inference\/api\/v1\/classify/);
  assert.match(rows[3], /^\s+\+6\s+89 ms {2}bff\s+ {4}▶ POST:\/api\/v1\/classify/); // depth 2 under the gateway exit
  assert.match(rows[6], /^\s+\+20\s+60 ms {2}model-server\s+ {10}· model\/infer/);
  assert.ok(
    rows.every((r) => r.length <= 110),
    'fits the width',
  );
  assert.ok(out.includes('Doctor: nothing wrong found (one root, every parent present, peers match, no skew, no errors).'));
  assert.ok(
    out.every((l) => !l.includes('\u001b[')),
    'no colour when not a terminal',
  );
});

test("--last picks the newest trace and shows its errors and the doctor's findings", async () => {
  const { code, out } = await run(['--last']);
  assert.equal(code, 0);
  assert.match(out[0], /^Trace cli-broken .* · 1 error$/);
  assert.ok(out.some((l) => l.includes('↗ /predict → localhost:5001 ✗ ERROR')));
  assert.ok(out.some((l) => /✗ \[missing-parent-segment\] The tyk-gateway segment cli-broken-gw was not reported/.test(l)));
  assert.ok(out.some((l) => /✗ \[error-span\] bff exit span 1 "\/predict" is marked as an error/.test(l)));
});

test('--oap overrides SW_OAP_HTTP_URL; an unreachable OAP is exit 1 with the reason', async () => {
  const closed = await closedPort();
  const { code, err } = await run(['cli-ok', '--oap', `http://127.0.0.1:${closed}`], { SW_OAP_HTTP_URL: 'http://example.invalid' });
  assert.equal(code, 1);
  assert.equal(err[0], `trace: cannot reach http://127.0.0.1:${closed}/graphql: ECONNREFUSED`);
});

test('an unknown trace id is exit 1; no arguments is a usage error (exit 2)', async () => {
  const missing = await run(['no-such-trace']);
  assert.equal(missing.code, 1);
  assert.match(missing.err[0], /has no spans for trace no-such-trace/);
  const usage = await run([]);
  assert.equal(usage.code, 2);
  assert.match(usage.err.join('\n'), /usage: npm run trace/);
});

test("against a server with only OAP's /graphql (a real OAP), the doctor runs on the queried spans, without the peer check", async () => {
  // Stand-in for OAP: forwards /graphql to the collector, 404 for the collector's own /api paths.
  const oap = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/graphql') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const answer = await fetch(`${collector.httpUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => oap.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = oap.address() as net.AddressInfo;
    const { code, out } = await run(['cli-broken', '--oap', `http://127.0.0.1:${port}`]);
    assert.equal(code, 0);
    assert.match(out[0], /^Trace cli-broken · 4 spans in 2 segments/);
    // OAP's Ref type has no parentService, so the missing segment is named by id only.
    assert.ok(
      out.some((l) => /✗ \[missing-parent-segment\] The parent segment cli-broken-gw was not reported/.test(l)),
      out.join('\n'),
    );
    assert.ok(!out.some((l) => l.includes('[peer-mismatch]')), 'no false peer finding from the missing address');
    assert.ok(out.some((l) => /✗ \[error-span\] bff exit span 1/.test(l)));
    assert.ok(out.includes("  (peer/address check skipped: OAP's query API does not return networkAddressUsedAtPeer)"));
  } finally {
    await new Promise((resolve) => oap.close(resolve));
  }
});

test('the CLI entry point runs as a program and prints the waterfall', async () => {
  const cli = path.join(__dirname, '..', '..', 'collector', 'cli', 'trace-cli.ts');
  const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'cli-ok', '--oap', collector.httpUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Trace cli-ok · 7 spans/);
});

test('a reader that goes away (`npm run trace -- --last | head -3`) ends the CLI quietly, exit 0 (issue 9)', async () => {
  const cli = path.join(__dirname, '..', '..', 'collector', 'cli', 'trace-cli.ts');
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'cli-ok', '--oap', collector.httpUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  assert.equal(result.stderr, '');
  assert.equal(result.code, 0);
});
