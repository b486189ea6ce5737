/**
 * Issue 14 end to end, through the parts `npm start` runs: the edge emulator refuses a key on
 * /keyed/ as Tyk does and fires the AuthFailure webhook, the BFF turns it into the gateway's
 * segment, the collector stores a gateway-only error trace, `npm run trace` draws it and the doctor
 * says why it has no upstream. Clients cannot reach /_edge/ through the edge.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { start, type RunningEdge } from '../../edge-emulator/server';
import { startTestBff, type TestBff } from '../bff/helpers/bff';
import { startTestCollector, waitForTrace, type RunningCollector } from '../helpers/collector';
import { poll } from '../../testkit/poll';
import { diagnose } from '../../collector/query/doctor';
import { runTraceCli } from '../../collector/cli/trace-cli';

const SECRET = 'per-start-secret';
const GOOD_KEY = 'configured-key';

describe('a bad key on /keyed/ through the edge emulator', () => {
  let collector: RunningCollector;
  let bff: TestBff;
  let edge: RunningEdge;
  before(async () => {
    collector = await startTestCollector();
    bff = await startTestBff({ oapHttpUrl: collector.httpUrl, edgeReportIntervalMs: 50, edgeSharedSecret: SECRET });
    edge = await start({ port: 0, bffUrl: bff.address, sharedSecret: SECRET, apiKeys: [GOOD_KEY], logger: pino({ level: 'silent' }) });
  });
  after(async () => {
    await edge.stop();
    await bff.stop();
    await collector.stop();
  });

  test('is refused with 403 like Tyk and becomes a gateway-only error trace the doctor explains', async () => {
    const answer = await fetch(`${edge.url}/keyed/api/v1/classify`, { method: 'POST', headers: { authorization: 'not-a-key' }, body: 'x' });
    assert.equal(answer.status, 403);
    const error = (await answer.json()) as Record<string, any>;
    assert.equal(error.code, 'EDGE_ERR_KEY_REJECTED');
    assert.match(error.traceId, /^[0-9a-f]{32}$/);

    const trace = await waitForTrace(collector, error.traceId);
    assert.equal(trace.segments.length, 1);
    const [segment] = trace.segments;
    assert.equal(segment.service, 'tyk-gateway');
    assert.equal(segment.spans.length, 1);
    const span = segment.spans[0];
    assert.equal(span.spanType, 'Entry');
    assert.equal(span.operationName, 'POST:/keyed/api/v1/classify');
    assert.equal(span.isError, true);
    const tags = Object.fromEntries(span.tags.map((t) => [t.key, t.value]));
    assert.deepEqual(tags, { 'http.method': 'POST', 'http.status_code': '403', 'tyk.event': 'AuthFailure', 'tyk.api_id': 'keyed-api' });
    assert.ok(span.endTime >= span.startTime);
    assert.doesNotMatch(JSON.stringify(trace), /not-a-key/, 'the presented key is never stored');

    const findings = diagnose(trace);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['gateway-rejected'],
    );
    assert.match(findings[0].message, /^rejected by the gateway: AuthFailure \(HTTP 403, API keyed-api\)/);

    const out: string[] = [];
    const code = await runTraceCli([error.traceId, '--oap', collector.httpUrl, '--no-color', '--width', '120'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      env: {},
      isTty: false,
    });
    assert.equal(code, 0, out.join('\n'));
    const drawn = out.join('\n');
    assert.match(drawn, /1 spans? in 1 segment/);
    assert.match(drawn, /tyk-gateway\s+▶ POST:\/keyed\/api\/v1\/classify ✗ ERROR/);
    assert.match(drawn, /rejected by the gateway: AuthFailure/);
  });

  test('a configured key passes through to the BFF, with the usual edge segment', async () => {
    const answer = await fetch(`${edge.url}/keyed/api/v1/nothing`, { headers: { authorization: GOOD_KEY } });
    assert.equal(answer.status, 404, 'the BFF answered: the request got through');
    const traceId = answer.headers.get('x-trace-id');
    assert.match(traceId ?? '', /^[0-9a-f]{32}$/);
    const trace = await waitForTrace(collector, traceId!);
    const gateway = trace.segments.find((s) => s.service === 'tyk-gateway')!;
    assert.equal(gateway.spans.length, 3, 'entry, exit and tyk/middleware: the secret from EDGE_SHARED_SECRET was trusted');
  });

  test('no key at all: 401 from the edge, no webhook (nothing for the BFF to trace)', async () => {
    const webhooksBefore = bff.logs.length;
    const answer = await fetch(`${edge.url}/keyed/api/v1/classify`);
    assert.equal(answer.status, 401);
    assert.equal(((await answer.json()) as Record<string, any>).code, 'EDGE_ERR_KEY_MISSING');
    assert.equal(edge.webhooksPending(), 0);
    assert.equal(bff.logs.slice(webhooksBefore).filter((l) => String(l.msg).includes('webhook')).length, 0);
  });

  test('clients cannot reach /_edge/ through either API', async () => {
    for (const url of [`${edge.url}/inference/_edge/rejected`, `${edge.url}/keyed/_edge/rejected`]) {
      const answer = await fetch(url, { method: 'POST', headers: { authorization: GOOD_KEY, 'x-sw-edge-key': SECRET }, body: '{}' });
      assert.equal(answer.status, 403);
      assert.equal(((await answer.json()) as Record<string, any>).code, 'EDGE_ERR_FORBIDDEN_PATH');
    }
  });

  test('a flood of 100 bad keys at c=16 is traced one for one', async () => {
    const before = collector.store.stats().traces;
    const ids = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 100) {
          next++;
          const answer = await fetch(`${edge.url}/keyed/api/v1/classify`, { headers: { authorization: `bad-${next}` } });
          ids.add(((await answer.json()) as Record<string, any>).traceId);
        }
      }),
    );
    assert.equal(ids.size, 100);
    await poll(
      () => [...ids].every((id) => collector.store.getTrace(id)?.segments.length === 1),
      () => `${[...ids].filter((id) => !collector.store.getTrace(id)).length} of 100 rejected traces missing; stats ${JSON.stringify(bff.reporter.stats())}`,
      'every rejected trace',
      { timeoutMs: 20_000 },
    );
    assert.equal(collector.store.stats().traces - before, 100);
  });
});
