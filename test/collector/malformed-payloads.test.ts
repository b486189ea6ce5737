// Never a crash, never a 500 for the client's mistake: a seeded stream of malformed JSON values
// thrown at every receiver path only ever gets 200 or a 400 in the shared error shape.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { healthyChain } from './segment-factory';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector();
});
after(() => collector.stop());

// Deterministic generator (mulberry32) so a failure is reproducible.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 2 ** 63, '', 'x', '12', 'Entry', true, [], {}, [null], { key: 1 }, '\u0000', 'é'.repeat(50)];

/** A valid segment with random fields replaced by odd values. */
function mutate(random: () => number): unknown {
  const doc: any = JSON.parse(JSON.stringify(healthyChain(`fuzz-${Math.floor(random() * 1e6)}`)));
  const paths: (string | number)[][] = [];
  const walk = (v: any, p: (string | number)[]) => {
    paths.push(p);
    if (v && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], [...p, Array.isArray(v) ? Number(k) : k]);
  };
  walk(doc, []);
  const edits = 1 + Math.floor(random() * 3);
  let root: any = doc;
  for (let i = 0; i < edits; i++) {
    const path = paths[Math.floor(random() * paths.length)];
    const value = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
    if (path.length === 0) {
      root = value;
      break;
    }
    let target = root;
    for (const key of path.slice(0, -1)) target = target?.[key];
    if (target && typeof target === 'object') target[path[path.length - 1]] = value;
  }
  return root;
}

test('200 malformed payloads over the receiver paths: only 200s and shaped 400s, and the collector still answers', async () => {
  const random = rng(20261125);
  const paths = ['/v3/segments', '/v3/segment', '/v3/logs', '/v3/management/reportProperties', '/v3/management/keepAlive', '/graphql'];
  const statuses = new Map<number, number>();
  for (let i = 0; i < 200; i++) {
    const path = paths[i % paths.length];
    let body = mutate(random);
    if (path === '/v3/segment' && Array.isArray(body)) body = body[0];
    const res = await fetch(`${collector.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await res.json()) as Record<string, unknown>;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    assert.ok(res.status === 200 || res.status === 400, `${path} answered ${res.status} to ${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(answer)}`);
    if (res.status === 400 && path !== '/graphql') {
      assert.match(String(answer.code), /^COLLECTOR_ERR_BAD_/);
      assert.equal(answer.traceId, null);
    }
  }
  assert.ok((statuses.get(400) ?? 0) > 20, `mostly rejected: ${JSON.stringify([...statuses])}`);
  assert.equal((await fetch(`${collector.httpUrl}/healthcheck`)).status, 200);
  // whatever was stored can still be listed, read and diagnosed
  const list = (await (await fetch(`${collector.httpUrl}/api/traces?limit=1000`)).json()) as { traces: { traceId: string }[] };
  for (const t of list.traces) {
    const doctor = await fetch(`${collector.httpUrl}/api/traces/${encodeURIComponent(t.traceId)}/doctor`);
    assert.equal(doctor.status, 200);
    await doctor.body?.cancel();
  }
});
