/**
 * What "one whole trace" means when read back through GraphQL (OAP's or the embedded collector's):
 * the three hops, every ref resolved to an Exit span of the same trace, one root (the gateway's
 * entry), and a canonical tree to compare two backends by.
 */
import assert from 'node:assert/strict';
import type { QuerySpan } from '../../collector/cli/queries';
import { STAGES } from '../e2e/trace-shape';
import type { QueriedTrace } from './oap-graphql';

const HOPS = ['tyk-gateway', 'bff', 'model-server'];

const key = (segmentId: string, spanId: number) => `${segmentId}/${spanId}`;

/** The parent of a span inside the trace: its own segment's parent span, else the span its ref names. */
function parentOf(span: QuerySpan, byKey: Map<string, QuerySpan>): QuerySpan | undefined {
  if (span.parentSpanId >= 0) return byKey.get(key(span.segmentId, span.parentSpanId));
  const ref = span.refs[0];
  return ref ? byKey.get(key(ref.parentSegmentId, ref.parentSpanId)) : undefined;
}

/** A predicate for the waits: three hops, ten spans or more, every model stage present. */
export function isWhole(trace: QueriedTrace): boolean {
  const services = new Set(trace.spans.map((span) => span.serviceCode));
  const segments = new Set(trace.spans.map((span) => span.segmentId));
  return (
    segments.size === 3 &&
    HOPS.every((hop) => services.has(hop)) &&
    trace.spans.length >= 10 &&
    STAGES.every((stage) => trace.spans.some((span) => span.endpointName === stage))
  );
}

export function assertWholeConnectedTrace(trace: QueriedTrace): void {
  const { spans } = trace;
  const segments = new Set(spans.map((span) => span.segmentId));
  assert.equal(segments.size, 3, `${segments.size} segments`);
  assert.ok(spans.length >= 10, `${spans.length} spans`);
  assert.deepEqual([...new Set(spans.map((span) => span.serviceCode))].sort(), [...HOPS].sort());
  assert.ok(
    spans.every((span) => span.traceId === trace.traceId),
    'a span of another trace',
  );
  const byKey = new Map(spans.map((span) => [key(span.segmentId, span.spanId), span]));
  for (const span of spans) {
    for (const ref of span.refs) {
      const parent = byKey.get(key(ref.parentSegmentId, ref.parentSpanId));
      assert.ok(parent, `${span.serviceCode} span ${span.spanId} refers to ${ref.parentSegmentId}/${ref.parentSpanId}, which is not in the trace`);
      assert.equal(parent.type, 'Exit', `${span.serviceCode} span ${span.spanId} refers to a ${parent.type} span of ${parent.serviceCode}`);
    }
  }
  const roots = spans.filter((span) => parentOf(span, byKey) === undefined);
  assert.deepEqual(
    roots.map((span) => `${span.serviceCode} ${span.type} ${span.endpointName}`),
    ['tyk-gateway Entry POST:/inference/api/v1/classify'],
    'one root: the gateway entry',
  );
}

export interface TreeNode {
  span: string;
  children: TreeNode[];
}

/**
 * The trace as a tree of "service type operation [error]", children sorted: what two backends must
 * agree on. Ids, times and peers (ports differ between stacks) are left out.
 */
export function canonicalTree(trace: QueriedTrace): TreeNode[] {
  const byKey = new Map(trace.spans.map((span) => [key(span.segmentId, span.spanId), span]));
  const children = new Map<QuerySpan | undefined, QuerySpan[]>();
  for (const span of trace.spans) {
    const parent = parentOf(span, byKey);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const build = (parent: QuerySpan | undefined): TreeNode[] =>
    (children.get(parent) ?? [])
      .map((span) => ({ span: `${span.serviceCode} ${span.type} ${span.endpointName}${span.isError ? ' [error]' : ''}`, children: build(span) }))
      .sort((a, b) => (a.span < b.span ? -1 : a.span > b.span ? 1 : 0));
  return build(undefined);
}

/** The span of `service` with `type` (and operation, when given); fails when there is not exactly one. */
export function spanOf(trace: QueriedTrace, service: string, type: string, operation?: string): QuerySpan {
  const found = trace.spans.filter(
    (span) => span.serviceCode === service && span.type === type && (operation === undefined || span.endpointName === operation),
  );
  assert.equal(found.length, 1, `expected one ${service} ${type} ${operation ?? ''} span, found ${found.length}`);
  return found[0];
}
