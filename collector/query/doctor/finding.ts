// A doctor finding: one thing wrong with a trace, in plain words, with where to look.
import type { SegmentJson, SpanJson, TraceView } from '../../segment-json';
import type { SpanNode } from '../span-tree';

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  service?: string;
  segmentId?: string;
  spanId?: number;
}

export interface TraceFacts {
  trace: TraceView;
  segmentsById: Map<string, SegmentJson>;
  /** Every span by `segmentId + "S" + spanId` (OAP's key). */
  nodes: Map<string, SpanNode>;
}

export type Rule = (facts: TraceFacts) => Finding[];

/** `bff span 2 "GET:/x"`: how a span is named in messages. */
export function nameSpan(segment: SegmentJson, span: SpanJson): string {
  return `${segment.service || '(no service)'} ${span.spanType.toLowerCase()} span ${span.spanId} "${span.operationName}"`;
}

export function at(segment: SegmentJson, span?: SpanJson): Pick<Finding, 'service' | 'segmentId' | 'spanId'> {
  return span
    ? { service: segment.service, segmentId: segment.traceSegmentId, spanId: span.spanId }
    : { service: segment.service, segmentId: segment.traceSegmentId };
}
