// The slice of OAP's query protocol (apache/skywalking-query-protocol trace.graphqls) a trace CLI
// needs: `queryTrace(traceId: ID!, duration: Duration, debug: Boolean): Trace` and
// `queryBasicTraces(condition: TraceQueryCondition, debug: Boolean): TraceBrief`, answered from
// the store; plus `checkHealth { score details }` for readiness probes.
import type { TraceStore } from '../../server/store';
import type { SegmentJson } from '../../segment-json';
import { buildSpanTree, flatten } from '../span-tree';
import { componentName } from '../../../trace/component-ids';
import type { RootResolver, Typed } from './execute';

const kv = (pairs: { key: string; value: string }[]): Typed[] => pairs.map((p) => ({ __typename: 'KeyValue', key: p.key, value: p.value }));

/** OAP's Span objects, in tree order (parents before children, siblings by start time). */
export function spansOf(segments: SegmentJson[]): Typed[] {
  return flatten(buildSpanTree(segments)).map(({ segment, span }) => ({
    __typename: 'Span',
    traceId: segment.traceId,
    segmentId: segment.traceSegmentId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    refs: span.refs.map((r) => ({
      __typename: 'Ref',
      traceId: r.traceId,
      parentSegmentId: r.parentTraceSegmentId,
      parentSpanId: r.parentSpanId,
      type: r.refType === 'CrossThread' ? 'CROSS_THREAD' : 'CROSS_PROCESS',
    })),
    serviceCode: segment.service,
    serviceInstanceName: segment.serviceInstance,
    startTime: span.startTime,
    endTime: span.endTime,
    endpointName: span.operationName,
    type: span.spanType,
    peer: span.peer,
    component: componentName(span.componentId),
    isError: span.isError,
    layer: span.spanLayer,
    tags: kv(span.tags),
    logs: span.logs.map((l) => ({ __typename: 'LogEntity', time: l.time, data: kv(l.data) })),
    attachedEvents: [],
  }));
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** OAP service ids are base64(name) + ".1" (normal services). */
function serviceNameFromId(id: unknown): string | null {
  if (typeof id !== 'string' || id === '' || id === '0') return null;
  const b64 = id.endsWith('.1') || id.endsWith('.0') ? id.slice(0, -2) : id;
  return Buffer.from(b64, 'base64').toString('utf8');
}

export function traceRoots(store: TraceStore): Record<string, RootResolver> {
  return {
    // health.graphqls: score 0 = healthy (what readiness probes of OAP's GraphQL ask).
    checkHealth: () => ({ __typename: 'HealthStatus', score: 0, details: '' }),
    queryTrace: (args) => {
      const traceId = typeof args.traceId === 'string' ? args.traceId : String(args.traceId ?? '');
      const trace = store.getTrace(traceId);
      return { __typename: 'Trace', spans: trace ? spansOf(trace.segments) : [], debuggingTrace: null };
    },
    queryBasicTraces: (args) => {
      const c = obj(args.condition);
      let traces = store.listTraces(Number.MAX_SAFE_INTEGER);
      if (typeof c.traceId === 'string' && c.traceId) traces = traces.filter((t) => t.traceId === c.traceId);
      const service = serviceNameFromId(c.serviceId);
      if (service) traces = traces.filter((t) => t.services.includes(service));
      if (typeof c.minTraceDuration === 'number') traces = traces.filter((t) => t.duration >= (c.minTraceDuration as number));
      if (typeof c.maxTraceDuration === 'number') traces = traces.filter((t) => t.duration <= (c.maxTraceDuration as number));
      if (c.traceState === 'ERROR') traces = traces.filter((t) => t.error);
      if (c.traceState === 'SUCCESS') traces = traces.filter((t) => !t.error);
      if (c.queryOrder === 'BY_DURATION') traces = [...traces].sort((a, b) => b.duration - a.duration);
      const paging = obj(c.paging);
      const pageSize = typeof paging.pageSize === 'number' && paging.pageSize > 0 ? paging.pageSize : 20;
      const pageNum = typeof paging.pageNum === 'number' && paging.pageNum > 0 ? paging.pageNum : 1;
      const page = traces.slice((pageNum - 1) * pageSize, pageNum * pageSize);
      return {
        // No `total`: OAP 10.1's TraceBrief has none, and a query that asks for it must fail here as it fails there.
        __typename: 'TraceBrief',
        traces: page.map((t) => {
          const root = store.getTrace(t.traceId)?.segments.find((s) => s.service === t.rootService);
          return {
            __typename: 'BasicTrace',
            segmentId: root?.traceSegmentId ?? '',
            endpointNames: [t.rootEndpoint],
            duration: t.duration,
            start: String(t.startTime),
            isError: t.error,
            traceIds: [t.traceId],
          };
        }),
        debuggingTrace: null,
      };
    },
  };
}
