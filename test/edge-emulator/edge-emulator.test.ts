/**
 * The local edge: hooks from the built bundle (found through its manifest), Tyk's header contract
 * on the wire, listen path stripped, bodies streamed. The upstream here is a recording stand-in
 * because these tests are about the emulator's own behaviour.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { createBundle } from '../../bundle/create-bundle';
import { start, type RunningEdge } from '../../edge-emulator/server';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { formatSw8, parseSw8 } from '../../trace/sw8';

const root = path.resolve(__dirname, '..', '..');
const quiet = pino({ level: 'silent' });

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodySha: string;
  bodyBytes: number;
}

async function recordingUpstream(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, bodySha: hash.digest('hex'), bodyBytes: bytes });
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end('{"answer":42}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d) => (body += d))
        .on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('edge emulator with the built bundle', () => {
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let edge: RunningEdge;
  before(async () => {
    upstream = await recordingUpstream();
    edge = await start({ port: 0, bffUrl: upstream.url, logger: quiet });
  });
  after(async () => {
    await edge.stop();
    await upstream.close();
  });

  test('runs pre and post, strips the listen path, and the upstream sees the contract headers', async () => {
    const client = formatSw8(
      {
        sample: '1',
        traceId: 'client-trace-1',
        parentSegmentId: 'client-seg-1',
        parentSpanId: 2,
        parentService: 'app',
        parentServiceInstance: 'app-1',
        parentEndpoint: '/tap',
        networkAddressUsedAtPeer: 'edge:8080',
      },
      nodeBase64,
    );
    const answer = await send(`${edge.url}/inference/api/v1/classify?top_k=2`, {
      headers: { sw8: client, 'x-sw-edge-key': 'forged', 'content-type': 'text/plain' },
      body: 'abc',
    });
    assert.equal(answer.status, 201);
    assert.equal(answer.body, '{"answer":42}');
    assert.equal(answer.headers['x-upstream'], 'yes');
    const seen = upstream.requests.at(-1)!;
    assert.equal(seen.url, '/api/v1/classify?top_k=2');
    assert.equal(seen.bodyBytes, 3);
    const sw8 = parseSw8(seen.headers.sw8 as string, nodeBase64);
    assert.ok(sw8.ok);
    assert.equal(sw8.context.traceId, 'client-trace-1');
    assert.equal(sw8.context.parentEndpoint, 'POST:/inference/api/v1/classify');
    // config_data from deploy/tyk/apps/inference-api.json, the file compose mounts into Tyk.
    const apiDefinition = JSON.parse(readFileSync(path.join(root, 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8'));
    assert.equal(sw8.context.networkAddressUsedAtPeer, apiDefinition.config_data.sw_upstream_peer);
    assert.equal(sw8.context.parentServiceInstance, apiDefinition.config_data.sw_instance);
    assert.equal(seen.headers['x-sw-edge-parent'], client);
    assert.equal(seen.headers['x-sw-edge-trace-id'], 'client-trace-1');
    assert.equal(seen.headers['x-sw-edge-api'], apiDefinition.api_id);
    // The pre hook replaces a client's key with the API's own sw_edge_secret.
    assert.equal(seen.headers['x-sw-edge-key'], apiDefinition.config_data.sw_edge_secret, 'a forged key must not reach the upstream');
    const start = Number(seen.headers['x-sw-edge-start']);
    const post = Number(seen.headers['x-sw-edge-post']);
    assert.ok(start > 0 && post >= start, `start ${start}, post ${post}`);
  });

  test('streams a 6 MB upload through unchanged', async () => {
    const body = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4096) body[i] = i % 251;
    const answer = await send(`${edge.url}/inference/upload`, { body, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(answer.status, 201);
    const seen = upstream.requests.at(-1)!;
    assert.equal(seen.bodyBytes, body.length);
    assert.equal(seen.bodySha, createHash('sha256').update(body).digest('hex'));
  });

  test('a path outside the listen path: 404 in the shared error shape, nothing proxied', async () => {
    const before = upstream.requests.length;
    const answer = await send(`${edge.url}/other/thing`, { method: 'GET' });
    assert.equal(answer.status, 404);
    assert.deepEqual(JSON.parse(answer.body), {
      code: 'EDGE_ERR_NOT_FOUND',
      error: 'No API listens on this path',
      detail: 'this edge serves /inference/, /keyed/ only',
      traceId: null,
    });
    assert.equal(upstream.requests.length, before);
  });
});

describe('edge emulator faults', () => {
  test('upstream down: 502 EDGE_ERR_UPSTREAM carrying the trace id the edge minted', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const edge = await start({ port: 0, bffUrl: `http://127.0.0.1:${port}`, logger: quiet });
    try {
      const answer = await send(`${edge.url}/inference/api/v1/classify`, { body: 'x' });
      assert.equal(answer.status, 502);
      const error = JSON.parse(answer.body);
      assert.equal(error.code, 'EDGE_ERR_UPSTREAM');
      assert.match(error.traceId, /^[0-9a-f]{32}$/);
    } finally {
      await edge.stop();
    }
  });

  test('a hook that returns a bad value fails closed with 500, like Tyk, and proxies nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edge-bad-bundle-'));
    const bad = Buffer.from('var swEdgePre = new TykJS.TykMiddleware.NewMiddleware({}); swEdgePre.DoProcessRequest = function () { return 42; };\n');
    writeFileSync(
      path.join(dir, 'bad-1.zip'),
      createBundle([{ phase: 'pre', name: 'swEdgePre', fileName: 'bad.js' }], () => bad),
    );
    const definition = JSON.parse(readFileSync(path.join(root, 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8'));
    writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ ...definition, custom_middleware_bundle: 'bad-1.zip' }));
    const upstream = await recordingUpstream();
    const edge = await start({ port: 0, bffUrl: upstream.url, bundleDir: dir, apiDefinitionPaths: [path.join(dir, 'api.json')], logger: quiet });
    try {
      const answer = await send(`${edge.url}/inference/x`, { body: 'x' });
      assert.equal(answer.status, 500);
      assert.equal(JSON.parse(answer.body).code, 'EDGE_ERR_MIDDLEWARE');
      assert.match(JSON.parse(answer.body).detail, /returned number/);
      assert.equal(upstream.requests.length, 0);
    } finally {
      await edge.stop();
      await upstream.close();
    }
  });

  test('a bundle the gateway would refuse does not start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edge-no-bundle-'));
    await assert.rejects(start({ port: 0, bundleDir: dir, logger: quiet }), /cannot read the bundle/);
  });
});
