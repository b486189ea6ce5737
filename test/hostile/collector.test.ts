/**
 * Hostile input to the embedded collector (issue 9 §4): no single report or query may wedge it.
 * Each named case asserts the answer (status and the shared error shape) and that the collector
 * still answers /healthcheck and an ordinary trace query right after it.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { runHostileTable, type HostileCase } from './hostile-table';
import { GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_QUERY_LENGTH, MAX_SPANS_PER_SEGMENT } from '../../collector/limits';
import type { SegmentJson } from '../../collector/segment-json';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { healthyChain } from '../collector/segment-factory';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector();
  await post('/v3/segments', healthyChain('ordinary'));
  await post('/v3/segments', [chainedSegment('at-the-bound', MAX_SPANS_PER_SEGMENT)]);
});
after(() => collector.stop());

/** A chain: span i is the child of span i - 1. Only the fields protobuf JSON requires, so 50,000 spans fit the 10 MiB body bound. */
function chainedSegment(traceId: string, spans: number): SegmentJson {
  const t0 = 1_700_000_000_000;
  const list = Array.from({ length: spans }, (_, i) => ({
    spanId: i,
    parentSpanId: i - 1,
    startTime: t0 + i,
    endTime: t0 + i + 1,
    operationName: `op${i}`,
    refs: [] as unknown[],
  }));
  return { traceId, traceSegmentId: `${traceId}-seg`, service: 'hostile', serviceInstance: 'i', spans: list } as unknown as SegmentJson;
}

async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${collector.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}
const graphql = (query: string) => post('/graphql', { query });

async function assertStillServing(): Promise<void> {
  const health = await fetch(`${collector.httpUrl}/healthcheck`);
  assert.equal(health.status, 200);
  const ordinary = await fetch(`${collector.httpUrl}/api/traces/ordinary`);
  assert.equal(ordinary.status, 200);
  assert.equal(((await ordinary.json()) as { segments: unknown[] }).segments.length, 3);
}

function assertErrorShape(json: any, code: string): void {
  assert.equal(json.code, code, JSON.stringify(json).slice(0, 300));
  assert.equal(typeof json.error, 'string');
  assert.ok('detail' in json && 'traceId' in json, 'not the shared {code, error, detail, traceId} shape');
}

const fragmentBomb = (levels: number): string => {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Span { ...F${i + 1} ...F${i + 1} }`);
  return `{ queryTrace(traceId: "ordinary") { spans { ...F0 } } } ${fragments.join(' ')} fragment F${levels} on Span { spanId }`;
};

const cases: HostileCase[] = [
  {
    name: 'segmentOf50000ChainedSpans',
    send: () => post('/v3/segments', [chainedSegment('chain-50k', 50_000)]),
    status: 413,
    code: 'COLLECTOR_ERR_TOO_MANY_SPANS',
  },
  {
    name: 'batchWithOneSegmentOverTheBound',
    send: () => post('/v3/segments', [...healthyChain('batch-ok'), chainedSegment('batch-big', MAX_SPANS_PER_SEGMENT + 1)]),
    status: 413,
    code: 'COLLECTOR_ERR_TOO_MANY_SPANS',
    check: async () => assert.equal((await fetch(`${collector.httpUrl}/api/traces/batch-ok`)).status, 404, 'part of a refused batch was stored'),
  },
  {
    name: 'traceAtTheSpanBound',
    send: async () => ({ status: (await fetch(`${collector.httpUrl}/api/traces/at-the-bound/doctor`)).status, json: {} }),
    status: 200,
  },
  {
    name: 'graphqlTraceAtTheSpanBound',
    send: () => graphql('{ queryTrace(traceId: "at-the-bound") { spans { spanId parentSpanId segmentId } } }'),
    status: 200,
    check: (json) => assert.equal(json.data.queryTrace.spans.length, MAX_SPANS_PER_SEGMENT),
  },
  {
    name: 'graphqlAliasesRepeatingABigTrace',
    send: () =>
      graphql(
        `{ ${Array.from({ length: 400 }, (_, i) => `a${i}: queryTrace(traceId: "at-the-bound") { spans { spanId parentSpanId segmentId serviceCode } }`).join(' ')} }`,
      ),
    status: 400,
    code: 'COLLECTOR_ERR_QUERY_TOO_COMPLEX',
    check: (json) => assert.match(json.errors[0].message, /more than \d+ values/),
  },
  {
    name: 'graphqlFragmentBomb',
    send: () => graphql(fragmentBomb(40)),
    status: 400,
    code: 'COLLECTOR_ERR_QUERY_TOO_COMPLEX',
    check: (json) => assert.match(json.errors[0].message, /more than 3000 fields/),
  },
  {
    name: 'graphqlQueryOverTheLengthBound',
    send: () => graphql(`{ queryTrace(traceId: "ordinary") { traceId } } ${'#'.repeat(GRAPHQL_MAX_QUERY_LENGTH)}`),
    status: 400,
    code: 'COLLECTOR_ERR_QUERY_TOO_COMPLEX',
  },
  {
    name: 'graphqlSelectionsTooDeep',
    send: () => graphql(`{ queryTrace(traceId: "ordinary") { spans { ${'refs { '.repeat(GRAPHQL_MAX_DEPTH)}traceId${' }'.repeat(GRAPHQL_MAX_DEPTH)} } } }`),
    // refs of a span hold no spans, so a deep selection of refs is empty or invalid; either way a clear answer.
    status: 200,
    check: (json) => assert.ok(json.errors || json.data, 'neither data nor errors'),
  },
  {
    name: 'graphqlTenThousandNestedBraces',
    send: () => graphql(`${'{ a '.repeat(10_000)}${'}'.repeat(10_000)}`),
    status: 200,
    check: (json) => assert.match(json.errors[0].message, /Syntax Error|Validation error/),
  },
  {
    name: 'segmentsReferringToEachOther',
    send: async () => {
      const [a, b] = [chainedSegment('cycle', 3), chainedSegment('cycle', 3)];
      b.traceSegmentId = 'cycle-seg-b';
      const ref = (parent: string) => ({
        refType: 'CrossProcess',
        traceId: 'cycle',
        parentTraceSegmentId: parent,
        parentSpanId: 2,
        parentService: 'hostile',
        parentServiceInstance: 'i',
        parentEndpoint: 'op0',
        networkAddressUsedAtPeer: 'p',
      });
      a.spans[0].refs = [ref(b.traceSegmentId) as never];
      b.spans[0].refs = [ref(a.traceSegmentId) as never];
      await post('/v3/segments', [a, b]);
      const res = await fetch(`${collector.httpUrl}/api/traces/cycle/doctor`);
      return { status: res.status, json: await res.json() };
    },
    status: 200,
    check: (json) =>
      assert.ok(
        json.findings.some((finding: { rule: string }) => finding.rule === 'ref-cycle'),
        JSON.stringify(json),
      ),
  },
];

runHostileTable('collector: hostile reports and queries', cases, { assertErrorShape, assertStillServing });
