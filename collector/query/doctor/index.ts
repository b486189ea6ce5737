// The trace doctor: runs every rule over one trace and lists what is wrong, in plain words.
// An empty list means the trace is well-formed: one root, every parent present, peers matching.
import type { SegmentJson, TraceView } from '../../segment-json';
import { buildSpanTree, flatten, type SpanNode } from '../span-tree';
import type { Finding, Rule, TraceFacts } from './finding';
import { missingParentSegment } from './rules/missing-parent-segment';
import { missingParentSpan } from './rules/missing-parent-span';
import { multipleRoots } from './rules/multiple-roots';
import { noSpanZero } from './rules/no-span-zero';
import { peerMismatch } from './rules/peer-mismatch';
import { clockSkew } from './rules/clock-skew';
import { negativeDuration } from './rules/negative-duration';
import { foreignRef } from './rules/foreign-ref';
import { errorSpans } from './rules/error-spans';
import { refCycle } from './rules/ref-cycle';
import { clampedClock } from './rules/clamped-clock';
import { gatewayRejected } from './rules/gateway-rejected';
import { implausibleTime } from './rules/implausible-time';

export type { Finding, Severity } from './finding';

export const RULES: readonly Rule[] = [
  missingParentSegment,
  missingParentSpan,
  multipleRoots,
  refCycle,
  noSpanZero,
  foreignRef,
  peerMismatch,
  clockSkew,
  clampedClock,
  negativeDuration,
  implausibleTime(),
  gatewayRejected,
  errorSpans,
];

export function diagnose(trace: TraceView, rules: readonly Rule[] = RULES): Finding[] {
  const segmentsById = new Map<string, SegmentJson>(trace.segments.map((s) => [s.traceSegmentId, s]));
  const nodes = new Map<string, SpanNode>(flatten(buildSpanTree(trace.segments)).map((n) => [n.key, n]));
  const facts: TraceFacts = { trace, segmentsById, nodes };
  const findings = rules.flatMap((rule) => rule(facts));
  if (trace.segments.length === 0) {
    findings.unshift({ rule: 'no-segments', severity: 'error', message: `No segment of trace ${trace.traceId} has arrived.` });
  }
  return findings;
}
