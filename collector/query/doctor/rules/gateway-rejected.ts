// A gateway-only trace whose entry span carries `tyk.event`: Tyk refused the request itself
// (bad key, quota, rate limit) and the BFF reported the gateway's segment from Tyk's webhook. No
// upstream span is missing: nothing was called. Said once, in place of the error-span finding.
import { at, type Finding, type Rule } from '../finding';
import type { SpanJson } from '../../../segment-json';

export const REJECTION_TAG = 'tyk.event';

export function rejectionOf(span: SpanJson): string | undefined {
  return span.spanType === 'Entry' ? span.tags.find((t) => t.key === REJECTION_TAG)?.value : undefined;
}

export const gatewayRejected: Rule = ({ trace }) => {
  const findings: Finding[] = [];
  for (const segment of trace.segments) {
    for (const span of segment.spans) {
      const event = rejectionOf(span);
      if (event === undefined) continue;
      const tag = (key: string) => span.tags.find((t) => t.key === key)?.value;
      const status = tag('http.status_code');
      const api = tag('tyk.api_id');
      findings.push({
        rule: 'gateway-rejected',
        severity: 'warning',
        message:
          `rejected by the gateway: ${event}${status ? ` (HTTP ${status}` : ''}${api ? `${status ? ', ' : ' ('}API ${api}` : ''}${status || api ? ')' : ''}. ` +
          `${segment.service} answered "${span.operationName}" itself, so no upstream was called and this trace has only the gateway's segment.`,
        ...at(segment, span),
      });
    }
  }
  return findings;
};
