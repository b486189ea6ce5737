/**
 * Issue 9, "Done when": a load run through the edge (the real stack: emulator with the built bundle,
 * BFF, real model, embedded collector) with one hostile request of each kind mixed in. Every
 * well-formed request must get 200 and a complete, connected trace; every hostile one its own
 * answer; every process must still be alive. SIGTERM (class 6) is not a request: test/bff,
 * test/model and test/e2e cover it under load.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { startE2EStack, type E2EStack } from '../e2e/e2e-stack';
import { classify, type ClassifyAnswer } from '../e2e/classify-client';
import { landscapeJpeg } from '../../testkit/images';
import { imageUpload } from '../../testkit/bff/multipart';
import { assertConnectedTrace, isComplete } from '../e2e/trace-shape';
import { waitForTrace } from '../helpers/collector';
import { sw8With } from '../bff/helpers/hostile-cases';
import { diagnose } from '../../collector/query/doctor';

const PEER = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8')).config_data
  .sw_upstream_peer as string;
const WELL_FORMED = 48;
const CONCURRENCY = 4;

let stack: E2EStack;
let jpeg: Buffer;
let gif: Buffer;
before(async () => {
  stack = await startE2EStack();
  jpeg = await landscapeJpeg(320, 240);
  gif = await sharp(await landscapeJpeg(160, 120, 30))
    .gif()
    .toBuffer();
});
after(() => stack?.stop());

async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** Headers and the start of a multipart body, then a byte every 300 ms: what a slowloris upload does. */
function trickleUpload(url: string, durationMs: number): Promise<void> {
  const { host, pathname } = new URL(url);
  const [hostname, port] = host.split(':');
  const { body, contentType } = imageUpload(Buffer.alloc(64 * 1024, 0xab));
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body.subarray(0, 200));
      let sent = 200;
      const timer = setInterval(() => socket.write(body.subarray(sent, ++sent)), 300);
      setTimeout(() => {
        clearInterval(timer);
        socket.destroy();
        resolve();
      }, durationMs);
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

/** A whole upload, then gone before the answer: the model's work for it should be cancelled, not leaked. */
function abandonAfterSending(url: string): Promise<void> {
  const { body, contentType } = imageUpload(jpeg);
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': String(body.length) } });
    req.on('error', () => resolve());
    req.end(body, () =>
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 5),
    );
  });
}

function chainedSegment(traceId: string, spans: number) {
  const t0 = Date.now();
  const list = Array.from({ length: spans }, (_, i) => ({ spanId: i, parentSpanId: i - 1, startTime: t0, endTime: t0 + 1, operationName: `op${i}`, refs: [] }));
  return { traceId, traceSegmentId: `${traceId}-seg`, service: 'hostile', serviceInstance: 'i', spans: list };
}

interface Hostile {
  name: string;
  send: () => Promise<{ status: number; json?: any } | undefined>;
  /** The status it must get; absent for a request that hangs up or trickles (nothing to answer). */
  status?: number;
  code?: string;
}

function hostileRequests(): Hostile[] {
  const edge = `${stack.edgeUrl}/inference/api/v1/classify`;
  const upload = imageUpload(jpeg);
  const classifyVia = (headers: Record<string, string>, field?: string, url = stack.edgeUrl, route?: string) =>
    classify(url, jpeg, { headers, field, path: route }).then((a: ClassifyAnswer) => ({ status: a.status, json: a.json }));
  return [
    {
      name: '1 sw8 whose trace id is not ASCII, at the edge',
      send: () => classifyVia({ sw8: sw8With(1, Buffer.from('trace-日本-1').toString('base64')) }),
      status: 200,
    },
    {
      name: '2 a 10 KB sw8 straight at the BFF',
      send: () => classifyVia({ sw8: sw8With(6, 'QUFB'.repeat(2560)) }, undefined, stack.bffUrl, '/api/v1/classify'),
      status: 200,
    },
    {
      name: '3 a forged edge start from 1970 straight at the BFF',
      send: () => classifyVia({ 'x-sw-edge-start': '1', 'x-sw-edge-post': '2' }, undefined, stack.bffUrl, '/api/v1/classify'),
      status: 200,
    },
    {
      name: '4a one segment of 20,000 chained spans at the collector',
      send: () =>
        post(`${stack.backend.httpUrl}/v3/segments`, JSON.stringify([chainedSegment('hostile-chain', 20_000)]), { 'content-type': 'application/json' }),
      status: 413,
      code: 'COLLECTOR_ERR_TOO_MANY_SPANS',
    },
    {
      name: '4b a GraphQL query of 1,200 aliases at the collector',
      send: () =>
        post(
          `${stack.backend.httpUrl}/graphql`,
          JSON.stringify({ query: `{${Array.from({ length: 1200 }, (_, i) => `a${i}:queryTrace(traceId:"x"){spans{spanId}}`).join(' ')}}` }),
          { 'content-type': 'application/json' },
        ),
      status: 400,
      code: 'COLLECTOR_ERR_QUERY_TOO_COMPLEX',
    },
    { name: '5a four slow uploads through the edge', send: () => Promise.all([0, 1, 2, 3].map(() => trickleUpload(edge, 6000))).then(() => undefined) },
    {
      name: '5b four slow uploads straight at the model',
      send: () => Promise.all([0, 1, 2, 3].map(() => trickleUpload(`${stack.modelUrl}/predict`, 6000))).then(() => undefined),
    },
    {
      name: "7 the BFF's metrics through the gateway",
      send: () => fetch(`${stack.edgeUrl}/inference/metrics`).then(async (r) => ({ status: r.status, json: await r.json() })),
      status: 403,
      code: 'EDGE_ERR_FORBIDDEN_PATH',
    },
    {
      name: '8a headers over 16 KiB at the edge',
      send: () =>
        fetch(edge, { method: 'POST', headers: { 'x-filler': 'a'.repeat(17 * 1024), 'content-type': upload.contentType }, body: upload.body }).then(
          async (r) => ({ status: r.status, json: await r.json() }),
        ),
      status: 431,
      code: 'EDGE_ERR_HEADERS_TOO_LARGE',
    },
    {
      name: '8b a gzip-encoded upload',
      send: () => post(edge, gzipSync(upload.body), { 'content-type': upload.contentType, 'content-encoding': 'gzip' }),
      status: 415,
      code: 'BFF_ERR_UNSUPPORTED_ENCODING',
    },
    { name: '8c the image in the wrong field', send: () => classifyVia({}, 'file'), status: 400, code: 'BFF_ERR_WRONG_FIELD' },
    { name: '10 an upload whose client hangs up before the answer', send: () => abandonAfterSending(edge).then(() => undefined) },
  ];
}

test('a load run through the edge with one hostile request of each kind mixed in: every well-formed request 200, every trace complete', {
  timeout: 240_000,
}, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const served: { id: string; ms: number; kind: string }[] = [];
  const hostile = hostileRequests();
  const hostileAnswers: Promise<{ name: string; answer: { status: number; json?: any } | undefined }>[] = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < WELL_FORMED) {
          const n = next++;
          // One hostile request of each kind, spread over the run.
          const every = Math.floor(WELL_FORMED / hostile.length);
          if (n % every === 0 && hostile[n / every]) {
            const h = hostile[n / every];
            hostileAnswers.push(h.send().then((answer) => ({ name: h.name, answer })));
          }
          const image = n % 8 === 3 ? gif : jpeg; // GIF (class 9) is well-formed: the model decodes its first frame.
          const started = performance.now();
          const answer = await classify(stack.edgeUrl, image, { agent });
          assert.equal(answer.status, 200, `request ${n} (${image === gif ? 'gif' : 'jpeg'}): ${JSON.stringify(answer.json)}`);
          served.push({ id: answer.headers['x-trace-id'] as string, ms: performance.now() - started, kind: image === gif ? 'gif' : 'jpeg' });
        }
      }),
    );
  } finally {
    agent.destroy();
  }

  for (const { name, answer } of await Promise.all(hostileAnswers)) {
    const h = hostile.find((candidate) => candidate.name === name)!;
    if (h.status === undefined) continue;
    assert.ok(answer, `${name}: no answer`);
    assert.equal(answer.status, h.status, `${name}: ${JSON.stringify(answer.json).slice(0, 300)}`);
    if (h.code) assert.equal(answer.json.code, h.code, name);
    // GraphQL answers carry `data`/`errors` beside the shared four fields.
    if (answer.status >= 400) for (const key of ['code', 'error', 'detail', 'traceId']) assert.ok(key in answer.json, `${name}: no ${key}`);
  }
  assert.equal(hostileAnswers.length, hostile.length, 'every hostile kind was sent');

  assert.equal(served.length, WELL_FORMED);
  assert.equal(new Set(served.map((s) => s.id)).size, WELL_FORMED, 'each request its own trace');
  for (const { id } of served) {
    const trace = await waitForTrace(stack.collector, id, isComplete, { timeoutMs: 30_000 });
    assertConnectedTrace(trace, PEER, { nested: false });
    assert.equal(trace.segments.length, 3, `trace ${id}: ${trace.segments.length} segments`);
    assert.deepEqual(
      diagnose(trace).filter((f) => f.severity === 'error'),
      [],
      `trace ${id}`,
    );
  }
  for (const [name, child] of Object.entries(stack.services)) assert.equal(child.child.exitCode, null, `${name} exited: ${stack.logs(name).slice(-2000)}`);

  const ms = served.map((s) => s.ms).sort((a, b) => a - b);
  console.log(
    `load mix: ${WELL_FORMED} well-formed (${served.filter((s) => s.kind === 'gif').length} GIF) all 200 with complete traces; ` +
      `${hostile.length} hostile kinds mixed in; p50 ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, p95 ${ms[Math.floor(ms.length * 0.95)].toFixed(0)} ms`,
  );
});
