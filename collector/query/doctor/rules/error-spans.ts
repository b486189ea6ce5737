// Spans marked isError, with the status code and the first logged message when there is one.
// A gateway rejection (tag tyk.event) is explained by the gateway-rejected rule instead.
import { at, nameSpan, type Rule } from '../finding';
import { rejectionOf } from './gateway-rejected';

export const errorSpans: Rule = ({ trace }) =>
  trace.segments.flatMap((segment) =>
    segment.spans
      .filter((span) => span.isError && rejectionOf(span) === undefined)
      .map((span) => {
        const status = span.tags.find((t) => t.key === 'http.status_code' || t.key === 'status_code')?.value;
        const logged = span.logs.flatMap((l) => l.data).find((d) => /message|stack|error/i.test(d.key))?.value;
        const parts = [status ? `status ${status}` : '', logged ? firstLine(logged) : ''].filter(Boolean);
        return {
          rule: 'error-span',
          severity: 'error' as const,
          message: `${nameSpan(segment, span)} is marked as an error${parts.length ? ` (${parts.join('; ')})` : ''}.`,
          ...at(segment, span),
        };
      }),
  );

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
