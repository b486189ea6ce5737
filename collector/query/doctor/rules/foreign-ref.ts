// A ref carrying another trace id, or a segment filed under a trace id it does not have:
// a context leaked from another request (e.g. the agent's keep-alive leak).
import { at, nameSpan, type Rule } from '../finding';

export const foreignRef: Rule = ({ trace }) =>
  trace.segments.flatMap((segment) =>
    segment.spans.flatMap((span) =>
      span.refs
        .filter((ref) => ref.traceId !== '' && ref.traceId !== trace.traceId)
        .map((ref) => ({
          rule: 'foreign-ref',
          severity: 'error' as const,
          message: `${nameSpan(segment, span)} has a ref from another trace (${ref.traceId}); a context leaked between requests.`,
          ...at(segment, span),
        })),
    ),
  );
