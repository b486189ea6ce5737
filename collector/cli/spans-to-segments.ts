// Rebuilds segments from OAP's GraphQL spans, so the waterfall and the doctor run on either source.
// The query API has no parentService or networkAddressUsedAtPeer; those stay empty (and the
// doctor's peer rule is skipped for this source).
import type { SegmentJson, SpanJson, SpanLayer, SpanType } from '../segment-json';
import { SPAN_LAYERS, SPAN_TYPES } from '../segment-json';
import type { QuerySpan } from './queries';

export function spansToSegments(spans: QuerySpan[]): SegmentJson[] {
  const bySegment = new Map<string, SegmentJson>();
  for (const s of spans) {
    let seg = bySegment.get(s.segmentId);
    if (!seg) {
      seg = {
        traceId: s.traceId,
        traceSegmentId: s.segmentId,
        spans: [],
        service: s.serviceCode,
        serviceInstance: s.serviceInstanceName,
        isSizeLimited: false,
      };
      bySegment.set(s.segmentId, seg);
    }
    const span: SpanJson = {
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      startTime: Number(s.startTime),
      endTime: Number(s.endTime),
      refs: (s.refs ?? []).map((r) => ({
        refType: r.type === 'CROSS_THREAD' ? 'CrossThread' : 'CrossProcess',
        traceId: r.traceId,
        parentTraceSegmentId: r.parentSegmentId,
        parentSpanId: r.parentSpanId,
        parentService: bySegmentService(spans, r.parentSegmentId),
        parentServiceInstance: '',
        parentEndpoint: '',
        networkAddressUsedAtPeer: '',
      })),
      operationName: s.endpointName ?? '',
      peer: s.peer ?? '',
      spanType: (SPAN_TYPES as readonly string[]).includes(s.type) ? (s.type as SpanType) : 'Local',
      spanLayer: (SPAN_LAYERS as readonly string[]).includes(s.layer ?? '') ? (s.layer as SpanLayer) : 'Unknown',
      componentId: 0,
      isError: s.isError === true,
      tags: (s.tags ?? []).map((t) => ({ key: t.key, value: t.value ?? '' })),
      logs: (s.logs ?? []).map((l) => ({ time: Number(l.time), data: (l.data ?? []).map((d) => ({ key: d.key, value: d.value ?? '' })) })),
      skipAnalysis: false,
    };
    seg.spans.push(span);
  }
  return [...bySegment.values()];
}

function bySegmentService(spans: QuerySpan[], segmentId: string): string {
  return spans.find((s) => s.segmentId === segmentId)?.serviceCode ?? '';
}
