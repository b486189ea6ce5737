// A span that ends before it starts: a reporter bug (times in seconds vs ms, or swapped).
import { at, nameSpan, type Rule } from '../finding';

export const negativeDuration: Rule = ({ trace }) =>
  trace.segments.flatMap((segment) =>
    segment.spans
      .filter((span) => span.endTime < span.startTime)
      .map((span) => ({
        rule: 'negative-duration',
        severity: 'error' as const,
        message: `${nameSpan(segment, span)} ends ${span.startTime - span.endTime} ms before it starts.`,
        ...at(segment, span),
      })),
  );
