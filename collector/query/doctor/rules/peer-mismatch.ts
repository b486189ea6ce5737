// The caller's exit span `peer` must equal the callee's ref.networkAddressUsedAtPeer byte for
// byte (sw8 field 8): OAP aliases that address to the callee; a mismatch breaks the topology link.
import { at, nameSpan, type Finding, type Rule } from '../finding';
import { spanKey } from '../../span-tree';

export const peerMismatch: Rule = ({ trace, nodes }) => {
  const findings: Finding[] = [];
  for (const segment of trace.segments) {
    for (const span of segment.spans) {
      for (const ref of span.refs) {
        if (ref.refType !== 'CrossProcess') continue;
        const parent = nodes.get(spanKey(ref.parentTraceSegmentId, ref.parentSpanId));
        if (!parent) continue;
        if (parent.span.spanType !== 'Exit') {
          findings.push({
            rule: 'ref-not-to-exit',
            severity: 'warning',
            message: `${nameSpan(segment, span)} names ${nameSpan(parent.segment, parent.span)} as its parent; a cross-process ref should point at the caller's exit span.`,
            ...at(segment, span),
          });
          continue;
        }
        if (parent.span.peer !== ref.networkAddressUsedAtPeer) {
          findings.push({
            rule: 'peer-mismatch',
            severity: 'warning',
            message:
              `${nameSpan(parent.segment, parent.span)} has peer ${JSON.stringify(parent.span.peer)}, but ${segment.service} received ` +
              `networkAddressUsedAtPeer ${JSON.stringify(ref.networkAddressUsedAtPeer)}; they must match byte for byte or OAP will not link the services.`,
            ...at(segment, span),
          });
        }
      }
    }
  }
  return findings;
};
