/**
 * Issue 13 (3): the traces of the whole stack, judged by the real SkyWalking OAP 10.1.0 (oap/,
 * H2, deploy/oap/) and only through its GraphQL: queryTrace, queryBasicTraces, getGlobalTopology,
 * queryLogs. One OAP for the file (a boot costs 15-40 s and ~550 MB); a second stack on the
 * embedded collector gets the same requests, so the collector is checked against OAP.
 * The tests run in order on the same stacks; the last ones take services down.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { start as startOap, type OapOptions, type RunningOap } from '../../oap/server';
import { poll } from '../../testkit/poll';
import { freePortOutsideEphemeralRange } from '../helpers/free-port';
import { classify, type ClassifyAnswer } from '../e2e/classify-client';
import { landscapeJpeg } from '../../testkit/images';
import { startE2EStack, type E2EStack } from '../e2e/e2e-stack';
import { startEdgeGateway, type EdgeGateway } from '../../testkit/jsvm/edge-gateway';
import {
  globalTopology,
  queryBasicTraces,
  queryLogsOfTrace,
  queryTrace,
  topologyEdges,
  waitForQueriedTrace,
  type QueriedTrace,
  type Topology,
} from './oap-graphql';
import { assertWholeConnectedTrace, canonicalTree, isWhole, spanOf } from './queried-trace-shape';
import { classifyThroughHooks } from './through-hook-harness';
import { REPO_ROOT } from '../../service-kit/repo-paths';

const h2Dir = mkdtempSync(path.join(tmpdir(), 'oap-h2-'));
let oapOptions: OapOptions;
let oap: RunningOap;
let stack: E2EStack;
let embedded: E2EStack;
let otto: EdgeGateway;
let goja: EdgeGateway;
let image: Buffer;

before(async () => {
  image = await landscapeJpeg();
  oapOptions = {
    // OAP binds late while the runner polls its GraphQL port (see the helper).
    grpcPort: await freePortOutsideEphemeralRange(),
    httpPort: await freePortOutsideEphemeralRange(),
    // Minutes, not seconds, when the 2 cores are shared with other heavy jobs.
    readyTimeoutMs: 300_000,
    properties: {
      // Topology and service lists within a second or two instead of half a minute.
      SW_CORE_PERSISTENT_PERIOD: '1',
      SW_SERVICE_CACHE_REFRESH_INTERVAL: '1',
      // On disk, so that what arrived before the outage test's restart is still there after it.
      SW_STORAGE_H2_URL: `jdbc:h2:file:${path.join(h2Dir, 'oap')};DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=FALSE`,
    },
  };
  // The embedded stack never talks to OAP, so it boots meanwhile.
  [oap, embedded] = await Promise.all([startOap(oapOptions), startE2EStack()]);
  console.log(`# real OAP ready in ${oap.bootMs} ms`);
  stack = await startE2EStack({ BFF_SHIP_LOGS: 'true', LOG_LEVEL: 'info' }, { backend: oap });
  otto = startEdgeGateway('otto');
  goja = startEdgeGateway('goja');
});
after(async () => {
  await otto?.close();
  await goja?.close();
  await stack?.stop();
  await embedded?.stop();
  await oap?.stop();
  rmSync(h2Dir, { recursive: true, force: true });
});

const traceIdOf = (answer: ClassifyAnswer) => {
  const id = answer.headers['x-trace-id'];
  assert.match(String(id), /^[0-9a-f]{32}$/, `no trace id: ${answer.status} ${JSON.stringify(answer.json)}`);
  return String(id);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const segmentCount = (trace: QueriedTrace) => new Set(trace.spans.map((span) => span.segmentId)).size;
const hasSegments = (count: number) => (trace: QueriedTrace) => segmentCount(trace) >= count;
/** A JPEG the BFF's sniffing accepts (magic bytes) and the model cannot decode. */
const CORRUPT_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x5a)]);

const bffSecret = () => String(stack.plan.bff.env.EDGE_SHARED_SECRET);

/** The ways a request reaches the BFF with edge headers. */
const EDGES: { name: string; send: (image: Buffer) => Promise<ClassifyAnswer> }[] = [
  { name: 'the edge emulator', send: (img) => classify(stack.edgeUrl, img) },
  { name: 'real otto v0.5.1 (Tyk 5.8, testkit/jsvm/otto harness)', send: (img) => classifyThroughHooks(otto, stack.bffUrl, bffSecret(), img) },
  { name: 'goja (Tyk 5.15 driver javascript, testkit/jsvm/goja harness)', send: (img) => classifyThroughHooks(goja, stack.bffUrl, bffSecret(), img) },
];

let lastWholeTraceId = '';

describe('one request, one trace in OAP', () => {
  for (const edge of EDGES) {
    test(`through ${edge.name} → BFF → model: one trace, 3 segments, ≥ 10 spans, every ref an Exit span, one root (the gateway)`, async () => {
      const answer = await edge.send(image);
      assert.equal(answer.status, 200, JSON.stringify(answer.json));
      const trace = await waitForQueriedTrace(oap.httpUrl, traceIdOf(answer), isWhole, { timeoutMs: 30_000 });
      assertWholeConnectedTrace(trace);
      lastWholeTraceId = trace.traceId;
    });
  }

  test('npm run trace -- --last draws the newest trace from OAP', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'node', 'collector', 'cli', 'trace-cli.js'), '--last'], {
      env: { ...process.env, SW_OAP_HTTP_URL: oap.httpUrl },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`Trace ${lastWholeTraceId} · \\d+ spans in 3 segments`), out);
    assert.match(out, /tyk-gateway → bff → model-server/, out);
  });

  test('queryBasicTraces lists the gateway segment of the trace', async () => {
    const listed = await queryBasicTraces(oap.httpUrl);
    assert.ok(
      listed.some((brief) => brief.traceIds.includes(lastWholeTraceId) && brief.endpointNames.includes('POST:/inference/api/v1/classify')),
      JSON.stringify(listed.slice(0, 5)),
    );
  });
});

const CALLS = ['User → tyk-gateway', 'bff → model-server', 'tyk-gateway → bff'];
/** When the topology first showed the real calls: OAP knew then which service each peer address is. */
let aliasesKnownAt = 0;

/** Polls the topology from `fromMs` until it has the three calls. */
function waitForCalls(fromMs: number): Promise<Topology> {
  let last: Topology | undefined;
  return poll(
    async () => {
      last = await globalTopology(oap.httpUrl, fromMs);
      return CALLS.every((call) => topologyEdges(last!).includes(call)) ? last : undefined;
    },
    () => JSON.stringify(last),
    'the three calls in the topology',
    { timeoutMs: 30_000, intervalMs: 500 },
  );
}

test('topology: OAP learns that tyk-gateway calls bff and bff calls model-server', async () => {
  await waitForCalls(Date.now() - 15 * 60_000);
  aliasesKnownAt = Date.now();
});
describe('errors are on the span where they happened', () => {
  test('the BFF rejects a file in the wrong field (400): its entry span is the error, the gateway is not', async () => {
    const answer = await classify(stack.edgeUrl, image, { field: 'photo' });
    assert.equal(answer.status, 400);
    assert.equal(answer.json.code, 'BFF_ERR_WRONG_FIELD');
    const trace = await waitForQueriedTrace(oap.httpUrl, traceIdOf(answer), hasSegments(2), { timeoutMs: 30_000 });
    assert.equal(segmentCount(trace), 2, 'the model never saw it');
    assert.equal(spanOf(trace, 'bff', 'Entry').isError, true);
    assert.equal(spanOf(trace, 'tyk-gateway', 'Entry').isError, false, "a 4xx is the client's, not the gateway's");
  });

  test('the model rejects an image it cannot decode (4xx): the model entry and the BFF exit are errors, the gateway is not', async () => {
    const answer = await classify(stack.edgeUrl, CORRUPT_JPEG);
    assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status} ${JSON.stringify(answer.json)}`);
    const trace = await waitForQueriedTrace(oap.httpUrl, traceIdOf(answer), hasSegments(3), { timeoutMs: 30_000 });
    assert.equal(spanOf(trace, 'model-server', 'Entry').isError, true);
    assert.equal(spanOf(trace, 'bff', 'Exit').isError, true);
    assert.equal(spanOf(trace, 'tyk-gateway', 'Entry').isError, false);
  });
});

test('BFF log lines (BFF_SHIP_LOGS=true) are found in OAP by trace id', async () => {
  const traceId = traceIdOf(await classify(stack.edgeUrl, image));
  const logs = await poll(
    async () => {
      const found = await queryLogsOfTrace(oap.httpUrl, traceId);
      return found.length > 0 ? found : undefined;
    },
    () => 'no log of the trace',
    `logs of ${traceId}`,
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  assert.ok(
    logs.every((log) => log.serviceName === 'bff' && log.traceId === traceId),
    JSON.stringify(logs),
  );
  assert.ok(
    logs.some((log) => JSON.parse(log.content).msg === 'request'),
    JSON.stringify(logs),
  );
});

describe('the embedded collector against OAP: the same requests give the same trees', () => {
  const CASES: { name: string; segments: number; send: (target: E2EStack) => Promise<ClassifyAnswer> }[] = [
    { name: 'a classified image', segments: 3, send: (target) => classify(target.edgeUrl, image) },
    { name: 'a file in the wrong field (BFF 400)', segments: 2, send: (target) => classify(target.edgeUrl, image, { field: 'photo' }) },
    { name: 'an image the model cannot decode', segments: 3, send: (target) => classify(target.edgeUrl, CORRUPT_JPEG) },
  ];
  for (const kind of CASES) {
    test(kind.name, async () => {
      const [inOap, inEmbedded] = await Promise.all(
        [stack, embedded].map(async (target) => {
          const answer = await kind.send(target);
          return waitForQueriedTrace(target.backend.httpUrl, traceIdOf(answer), hasSegments(kind.segments), { timeoutMs: 30_000 });
        }),
      );
      assert.equal(inEmbedded.spans.length, inOap.spans.length, 'span count');
      assert.deepEqual(canonicalTree(inEmbedded), canonicalTree(inOap));
    });
  }
});

test('OAP stopped for 10 s mid-traffic and started again: what arrives whole is what the agents promise', async () => {
  // The promise (skywalking-backend-js 0.9.0, apache/skywalking-nodejs; bff/edge-segment/): while OAP is unreachable the agents keep
  // up to 1,000 segments and the BFF's edge reporter the last EDGE_QUEUE_SECONDS (600 s) and retries, so
  // every request of the outage and after it arrives whole once OAP is back; what was on the wire
  // when OAP went away (the agents' last 1 s batch, OAP's last unflushed second) may be lost.
  type Sent = { id: string; endedAt: number; phase: 'before' | 'down' | 'after' };
  const sent: Sent[] = [];
  let phase: Sent['phase'] = 'before';
  let sending = true;
  const traffic = (async () => {
    while (sending) {
      const answer = await classify(stack.edgeUrl, image);
      assert.equal(answer.status, 200, `OAP's outage reached a client: ${JSON.stringify(answer.json)}`);
      sent.push({ id: traceIdOf(answer), endedAt: Date.now(), phase });
      await sleep(250);
    }
  })();
  await sleep(3000);
  const stoppedAt = Date.now();
  await oap.stop();
  phase = 'down';
  await sleep(10_000);
  oap = await startOap(oapOptions);
  const restartedAt = Date.now();
  phase = 'after';
  await sleep(3000);
  sending = false;
  await traffic;

  // The agents reconnect with gRPC backoff (7-21 s), the edge reporter with its own (up to 30 s).
  const onTheWire = (s: Sent) => s.phase === 'before' && s.endedAt > stoppedAt - 2500;
  const whole = new Set<string>();
  const arrived = new Map<string, string>();
  const promisedAllWhole = () => sent.every((s) => onTheWire(s) || whole.has(s.id));
  const deadline = Date.now() + 75_000;
  // Until every promised trace is whole: the rest came on the same reconnect, or never comes.
  while (!promisedAllWhole() && Date.now() < deadline) {
    for (const { id } of sent) {
      if (whole.has(id)) continue;
      const trace = await queryTrace(oap.httpUrl, id);
      if (isWhole(trace)) whole.add(id);
      else arrived.set(id, [...new Set(trace.spans.map((span) => span.serviceCode))].join('+') || 'nothing');
    }
    if (!promisedAllWhole()) await sleep(1000);
  }
  const settledAfterMs = Date.now() - restartedAt;
  const count = (pick: (s: Sent) => boolean) => `${sent.filter((s) => pick(s) && whole.has(s.id)).length}/${sent.filter(pick).length}`;
  const partial = sent.filter((s) => !whole.has(s.id)).map((s) => `${s.phase}${onTheWire(s) ? ' (on the wire)' : ''}: ${arrived.get(s.id) ?? 'nothing'}`);
  console.log(
    `# OAP outage: whole traces before ${count((s) => s.phase === 'before' && !onTheWire(s))}, on the wire at the stop ${count(onTheWire)}, ` +
      `during the outage (${Math.round((restartedAt - stoppedAt) / 1000)} s, boot included) ${count((s) => s.phase === 'down')}, after ${count((s) => s.phase === 'after')}; ` +
      `OAP rebooted in ${oap.bootMs} ms, the promised ones whole ${settledAfterMs} ms after that${partial.length ? `; not whole: ${partial.join(', ')}` : ''}`,
  );
  assert.ok(sent.filter((s) => s.phase === 'down').length >= 10, 'too little traffic during the outage to judge');
  const missing = sent.filter((s) => !onTheWire(s) && !whole.has(s.id));
  assert.deepEqual(missing, [], 'traces the agents promise to deliver that did not arrive whole');
});

test('topology over the minutes after OAP learned the peers: exactly User → tyk-gateway → bff → model-server, no phantom node', async () => {
  // The calls of the first seconds of a fresh OAP go to phantom nodes named after the peer address
  // (bff:3000, 127.0.0.1:<model port>): OAP maps an address to a service only once it has seen the
  // callee's entry ref. That minute keeps them; a topology from the next minute on must not.
  const from = (Math.floor(aliasesKnownAt / 60_000) + 1) * 60_000;
  assert.ok(aliasesKnownAt > 0, 'the topology test before never saw the calls');
  if (Date.now() < from) await sleep(from - Date.now());
  for (const edge of EDGES) {
    const answer = await edge.send(image);
    await waitForQueriedTrace(oap.httpUrl, traceIdOf(answer), isWhole, { timeoutMs: 30_000 });
  }
  const topology = await waitForCalls(from);
  assert.deepEqual(topologyEdges(topology), CALLS);
  assert.deepEqual(topology.nodes.map((node) => node.name).sort(), ['User', 'bff', 'model-server', 'tyk-gateway']);
});

test('model down (BFF 503): the BFF exit span is the error, with the connection error; the embedded collector agrees', async () => {
  await Promise.all([stack.stopService('model'), embedded.stopService('model')]);
  const [inOap, inEmbedded] = await Promise.all(
    [stack, embedded].map(async (target) => {
      const answer = await classify(target.edgeUrl, image);
      assert.equal(answer.status, 503);
      assert.equal(answer.json.code, 'BFF_ERR_MODEL_DOWN');
      return waitForQueriedTrace(target.backend.httpUrl, traceIdOf(answer), hasSegments(2), { timeoutMs: 30_000 });
    }),
  );
  const exit = spanOf(inOap, 'bff', 'Exit');
  assert.equal(exit.isError, true);
  assert.match(JSON.stringify(exit.logs), /ECONNREFUSED/);
  assert.equal(spanOf(inOap, 'bff', 'Entry').isError, true);
  assert.equal(spanOf(inOap, 'tyk-gateway', 'Entry').isError, true, "a 5xx is the gateway's error too");
  assert.deepEqual(canonicalTree(inEmbedded), canonicalTree(inOap));
});
