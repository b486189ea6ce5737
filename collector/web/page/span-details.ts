// What a clicked waterfall row opens: the span's ids, type, peer, refs, tags and logs.
import type { SpanNode } from '../../query/span-tree';
import { el, fmtTime } from './dom';

export function spanDetails(node: SpanNode): HTMLElement {
  const { span: s, segment: seg } = node;
  const rows: [string, string][] = [
    ['service', `${seg.service}  (${seg.serviceInstance})`],
    ['segment', seg.traceSegmentId],
    ['span', `${s.spanId} (parent ${s.parentSpanId})`],
    ['type / layer', `${s.spanType} / ${s.spanLayer}`],
    ['component id', String(s.componentId)],
    ['start', fmtTime(s.startTime)],
    ['duration', `${s.endTime - s.startTime} ms`],
  ];
  if (s.peer) rows.push(['peer', s.peer]);
  for (const r of s.refs) {
    rows.push([
      `ref (${r.refType})`,
      `${r.parentService} ${r.parentTraceSegmentId} span ${r.parentSpanId}${r.networkAddressUsedAtPeer ? `  via ${r.networkAddressUsedAtPeer}` : ''}`,
    ]);
  }
  const keyValueTable = (pairs: [string, string][], attrs: Record<string, string> = {}) =>
    el('table', attrs, [
      el(
        'tbody',
        {},
        pairs.map(([k, v]) => el('tr', {}, [el('td', { class: 'k', text: k }), el('td', { text: v })])),
      ),
    ]);
  const box = el('div', { class: 'details', onclick: (event) => event.stopPropagation() }, [keyValueTable(rows)]);
  if (s.tags.length) {
    box.appendChild(el('h4', { text: 'tags' }));
    box.appendChild(
      keyValueTable(
        s.tags.map((t) => [t.key, t.value]),
        { class: 'tags' },
      ),
    );
  }
  if (s.logs.length) {
    box.appendChild(el('h4', { text: 'logs' }));
    for (const l of s.logs) box.appendChild(el('pre', { text: `${fmtTime(l.time)}  ${l.data.map((d) => `${d.key}=${d.value}`).join('  ')}` }));
  }
  return box;
}
