// A ref names a parent segment that never arrived (e.g. the gateway did not report its segment):
// OAP then shows the child as a root, cut off from its caller.
import { at, nameSpan, type Rule } from '../finding';

export const missingParentSegment: Rule = ({ trace, segmentsById }) =>
  trace.segments.flatMap((segment) =>
    segment.spans.flatMap((span) =>
      span.refs
        .filter((ref) => !segmentsById.has(ref.parentTraceSegmentId))
        .map((ref) => ({
          rule: 'missing-parent-segment',
          severity: 'error' as const,
          message:
            `The ${ref.parentService ? `${ref.parentService} ` : 'parent '}segment ${ref.parentTraceSegmentId} was not reported: ` +
            `${nameSpan(segment, span)} names it as its parent (span ${ref.parentSpanId}), but it never arrived here. ` +
            `Is ${ref.parentService || 'the caller'} reporting to this collector?`,
          ...at(segment, span),
        })),
    ),
  );
