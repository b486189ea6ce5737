// More than one span starts the trace on its own (parentSpanId -1 and no refs): two requests
// share a trace id, or a caller's propagation was lost and restarted with the same id.
import { nameSpan, type Rule } from '../finding';

export const multipleRoots: Rule = ({ trace }) => {
  const roots = trace.segments.flatMap((segment) =>
    segment.spans.filter((span) => span.parentSpanId === -1 && span.refs.length === 0).map((span) => ({ segment, span })),
  );
  if (roots.length <= 1) return [];
  return [
    {
      rule: 'multiple-roots',
      severity: 'error',
      message: `This trace has ${roots.length} roots (spans with no parent and no ref): ${roots.map((r) => nameSpan(r.segment, r.span)).join('; ')}. One request should have one root.`,
    },
  ];
};
