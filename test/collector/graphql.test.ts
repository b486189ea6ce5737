// POST /graphql answers the trace CLI's (and the SkyWalking UI's) queryTrace / queryBasicTraces
// the way OAP 10.x does (apache/skywalking-query-protocol trace.graphqls).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { healthyChain } from './segment-factory';
import { TRACE_QUERY, LAST_TRACE_QUERY, lastTraceCondition } from '../../collector/cli/queries';

let collector: RunningCollector;
before(async () => {
  collector = await startTestCollector();
  for (const s of healthyChain('gq-1', 1_700_000_000_000)) collector.store.addSegment(s, 'grpc');
  const failing = healthyChain('gq-2', 1_700_000_500_000);
  failing[2].spans[1].isError = true;
  for (const s of failing) collector.store.addSegment(s, 'grpc');
});
after(() => collector.stop());

async function gql(body: unknown) {
  const res = await fetch(`${collector.httpUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

test("queryTrace returns the spans with the fields of OAP's Span type, parents first", async () => {
  const res = await gql({ query: TRACE_QUERY, variables: { traceId: 'gq-1' } });
  assert.equal(res.status, 200);
  assert.equal(res.body.errors, undefined);
  const spans = res.body.data.trace.spans;
  assert.equal(spans.length, 7);
  assert.deepEqual(
    spans.map((s: any) => `${s.serviceCode}/${s.spanId}`),
    ['tyk-gateway/0', 'tyk-gateway/2', 'tyk-gateway/1', 'bff/0', 'bff/1', 'model-server/0', 'model-server/1'],
  );
  const bffEntry = spans[3];
  assert.deepEqual(bffEntry, {
    traceId: 'gq-1',
    segmentId: 'gq-1-bff',
    spanId: 0,
    parentSpanId: -1,
    refs: [{ traceId: 'gq-1', parentSegmentId: 'gq-1-gw', parentSpanId: 1, type: 'CROSS_PROCESS' }],
    serviceCode: 'bff',
    serviceInstanceName: 'bff-1',
    startTime: 1_700_000_000_006,
    endTime: 1_700_000_000_095,
    endpointName: 'POST:/api/v1/classify',
    type: 'Entry',
    peer: '',
    component: 'Express',
    isError: false,
    layer: 'Http',
    tags: [],
    logs: [],
  });
});

test('aliases, inline variables-free queries and __typename work; an unknown trace has no spans', async () => {
  const res = await gql({ query: '{ t: queryTrace(traceId: "nope") { __typename spans { spanId } } }' });
  assert.deepEqual(res.body, { data: { t: { __typename: 'Trace', spans: [] } } });
});

test('queryBasicTraces gives the newest trace first, and filters by traceState', async () => {
  const res = await gql({ query: LAST_TRACE_QUERY, variables: { condition: lastTraceCondition() } });
  assert.deepEqual(res.body.data.data.traces, [
    { segmentId: 'gq-2-gw', endpointNames: ['POST:/inference/api/v1/classify'], duration: 100, start: '1700000500000', isError: true, traceIds: ['gq-2'] },
  ]);
  // OAP 10.1's TraceBrief has only `traces` (seen against the real one, test/oap/): `total` is a validation error.
  const withTotal = await gql({ query: '{ queryBasicTraces(condition: {paging: {pageNum: 1, pageSize: 1}}) { total } }' });
  assert.match(JSON.stringify(withTotal.body.errors), /Field 'total' in type 'TraceBrief' is undefined/);
  const ok = await gql({ query: LAST_TRACE_QUERY, variables: { condition: { ...lastTraceCondition(), traceState: 'SUCCESS' } } });
  assert.deepEqual(ok.body.data.data.traces[0].traceIds, ['gq-1']);
});

test('a field OAP does not have is a validation error with data null, like graphql-java', async () => {
  const res = await gql({ query: 'query { queryTrace(traceId: "gq-1") { spans { spanId colour } } }' });
  assert.equal(res.status, 200);
  assert.equal(res.body.data, null);
  assert.match(res.body.errors[0].message, /Field 'colour' in type 'Span' is undefined/);
});

test('inherited object properties are not fields: constructor and __proto__ are undefined fields', async () => {
  const root = await gql({ query: '{ constructor }' });
  assert.match(root.body.errors[0].message, /Field 'constructor' in type 'Query' is undefined/);
  const nested = await gql({ query: '{ queryTrace(traceId: "gq-1") { spans { toString } } }' });
  assert.match(nested.body.errors[0].message, /Field 'toString' in type 'Span' is undefined/);
});

test('a syntax error and an unknown root field are reported as GraphQL errors', async () => {
  const bad = await gql({ query: 'query { queryTrace(traceId: "x" { spans } }' });
  assert.match(bad.body.errors[0].message, /^Syntax Error/);
  const unknown = await gql({ query: '{ readMetricsValues { value } }' });
  assert.match(unknown.body.errors[0].message, /Field 'readMetricsValues' in type 'Query' is undefined/);
});

test('checkHealth answers score 0 like a healthy OAP', async () => {
  const res = await gql({ query: 'query { checkHealth { score details } }' });
  assert.deepEqual(res.body, { data: { checkHealth: { score: 0, details: '' } } });
});

test('a body without a query is a 400', async () => {
  const res = await gql({ variables: {} });
  assert.equal(res.status, 400);
  const notObject = await gql([1, 2]);
  assert.equal(notObject.status, 400);
  assert.equal(notObject.body.code, 'COLLECTOR_ERR_BAD_QUERY');
});

test('fragments are expanded', async () => {
  const res = await gql({
    query: 'query q($id: ID!) { queryTrace(traceId: $id) { spans { ...S } } } fragment S on Span { serviceCode spanId }',
    variables: { id: 'gq-1' },
  });
  assert.deepEqual(res.body.data.queryTrace.spans[0], { serviceCode: 'tyk-gateway', spanId: 0 });
});
