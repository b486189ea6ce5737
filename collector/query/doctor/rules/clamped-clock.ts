// The BFF's edge reporter clamps gateway times that fall after the BFF's own arrival and tags the
// edge entry span `clock.skew_ms` (docs/architecture.md, "The edge segment"): the gateway host's clock is ahead.
import { at, nameSpan, type Rule } from '../finding';

export const clampedClock: Rule = ({ trace }) =>
  trace.segments.flatMap((segment) =>
    segment.spans.flatMap((span) =>
      span.tags
        .filter((tag) => tag.key === 'clock.skew_ms')
        .map((tag) => ({
          rule: 'clamped-clock',
          severity: 'warning' as const,
          message: `${nameSpan(segment, span)} had its times clamped by ${tag.value} ms: the ${segment.service} host's clock is ahead of the next hop's, so its timings are approximate.`,
          ...at(segment, span),
        })),
    ),
  );
