// The parent segment is here, but the span a ref or parentSpanId names is not in it.
import { at, nameSpan, type Finding, type Rule } from '../finding';
import { spanKey } from '../../span-tree';

export const missingParentSpan: Rule = ({ trace, segmentsById, nodes }) => {
  const findings: Finding[] = [];
  for (const segment of trace.segments) {
    for (const span of segment.spans) {
      for (const ref of span.refs) {
        if (segmentsById.has(ref.parentTraceSegmentId) && !nodes.has(spanKey(ref.parentTraceSegmentId, ref.parentSpanId))) {
          findings.push({
            rule: 'missing-parent-span',
            severity: 'error',
            message: `${nameSpan(segment, span)} refers to span ${ref.parentSpanId} of the ${ref.parentService || 'parent'} segment ${ref.parentTraceSegmentId}, which has no such span.`,
            ...at(segment, span),
          });
        }
      }
      if (span.parentSpanId >= 0 && !nodes.has(spanKey(segment.traceSegmentId, span.parentSpanId))) {
        findings.push({
          rule: 'missing-parent-span',
          severity: 'error',
          message: `${nameSpan(segment, span)} has parentSpanId ${span.parentSpanId}, but its segment has no span ${span.parentSpanId}.`,
          ...at(segment, span),
        });
      }
    }
  }
  return findings;
};
