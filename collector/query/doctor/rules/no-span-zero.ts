// Every segment needs span 0 with parentSpanId -1: OAP fills the segment record from it.
import { at, type Rule } from '../finding';

export const noSpanZero: Rule = ({ trace }) =>
  trace.segments
    .filter((segment) => !segment.spans.some((span) => span.spanId === 0 && span.parentSpanId === -1))
    .map((segment) => {
      const zero = segment.spans.find((span) => span.spanId === 0);
      const why = zero ? `its span 0 has parentSpanId ${zero.parentSpanId}` : 'it has no span 0';
      return {
        rule: 'no-span-zero',
        severity: 'error' as const,
        message: `The ${segment.service || '(no service)'} segment ${segment.traceSegmentId} has no first span: ${why}, but SkyWalking needs span 0 with parentSpanId -1.`,
        ...at(segment),
      };
    });
