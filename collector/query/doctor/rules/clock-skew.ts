// A child that starts before its parent: the hosts' clocks differ (or a reporter wrote wrong
// times). Within one segment the agent's own clock is used, so this is mostly cross-process.
import { nameSpan, at, type Finding, type Rule } from '../finding';

export const clockSkew: Rule = ({ nodes }) => {
  const findings: Finding[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentKey ? nodes.get(node.parentKey) : undefined;
    if (!parent) continue;
    const early = parent.span.startTime - node.span.startTime;
    if (early > 0) {
      const crossProcess = parent.segment.traceSegmentId !== node.segment.traceSegmentId;
      findings.push({
        rule: 'clock-skew',
        severity: 'warning',
        message:
          `${nameSpan(node.segment, node.span)} starts ${early} ms before its parent ${nameSpan(parent.segment, parent.span)}` +
          (crossProcess ? ": the two hosts' clocks probably differ." : ': the reporter wrote inconsistent times.'),
        ...at(node.segment, node.span),
      });
    }
  }
  return findings;
};
