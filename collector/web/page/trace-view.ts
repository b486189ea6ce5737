// One trace as a waterfall with the doctor's verdict: GET /api/traces/:id and /api/traces/:id/doctor.
// Rows come from the same span tree as `npm run trace` and the doctor (collector/query/span-tree.ts), so the
// page links, orders and cuts reference cycles exactly as they do.
import type { Finding } from '../../query/doctor/finding';
import { buildSpanTree, flatten, type SpanNode } from '../../query/span-tree';
import type { LogJson, TraceView } from '../../segment-json';
import { colorOf, el, fmtTime, getJson } from './dom';
import { spanDetails } from './span-details';

export type TraceRender = { kind: 'missing' } | { kind: 'shown'; segments: number };

function logText(log: LogJson): string {
  const body = log.body;
  return body.text?.text ?? body.json?.json ?? body.yaml?.yaml ?? '';
}

function waterfallRow(node: SpanNode, t0: number, total: number, openSpanKey: string | null): HTMLElement {
  const s = node.span;
  const color = colorOf(node.segment.service);
  const left = ((s.startTime - t0) / total) * 100;
  const width = (Math.max(0, s.endTime - s.startTime) / total) * 100;
  const kind = s.spanType === 'Entry' ? 'entry' : s.spanType === 'Exit' ? 'exit' : 'local';
  const label = el('div', { class: 'label', style: `padding-left:${node.depth * 14}px`, title: `${node.segment.service} · ${s.operationName}` }, [
    el('span', { class: 'svc', style: `background:${color}` }),
    el('span', { class: 'kind', text: kind }),
    el('span', { class: 'op', text: s.operationName + (s.spanType === 'Exit' && s.peer ? ` → ${s.peer}` : '') + (s.isError ? '  ✗ error' : '') }),
  ]);
  const row = el('div', { class: `span-row${s.isError ? ' error' : ''}`, 'data-service': node.segment.service, 'data-span': node.key }, [
    label,
    el('div', { class: 'track' }, [
      el('div', { class: `bar${s.isError ? ' error' : ''}`, style: `left:${left.toFixed(3)}%;width:${width.toFixed(3)}%;background:${color}` }),
    ]),
    el('div', { class: 'dur', text: `${s.endTime - s.startTime} ms` }),
  ]);
  row.addEventListener('click', () => {
    const open = row.querySelector('.details');
    if (open) {
      row.removeChild(open);
      row.classList.remove('selected');
      return;
    }
    row.classList.add('selected');
    row.appendChild(spanDetails(node));
  });
  if (openSpanKey === node.key) row.click();
  return row;
}

export async function renderTrace(main: HTMLElement, traceId: string, openSpanKey: string | null): Promise<TraceRender> {
  const id = encodeURIComponent(traceId);
  const [traceAnswer, doctorAnswer] = await Promise.all([
    getJson<TraceView>(`/api/traces/${id}`),
    getJson<{ findings?: Finding[] }>(`/api/traces/${id}/doctor`),
  ]);
  main.innerHTML = '';
  main.appendChild(el('p', {}, [el('a', { href: '#/', text: '← all traces' })]));
  if (traceAnswer.status !== 200) {
    main.appendChild(el('div', { class: 'empty', id: 'trace-missing', text: `Trace ${traceId} has not arrived (yet), or was evicted. This page retries.` }));
    return { kind: 'missing' };
  }
  const trace = traceAnswer.body;
  const findings = doctorAnswer.body.findings ?? [];
  const rows = flatten(buildSpanTree(trace.segments));
  const t0 = Math.min(...rows.map((n) => n.span.startTime));
  const t1 = Math.max(...rows.map((n) => Math.max(n.span.endTime, n.span.startTime)));
  const total = Math.max(1, t1 - t0);
  const services = [...new Set([...rows].sort((a, b) => a.span.startTime - b.span.startTime).map((n) => n.segment.service))];
  const errors = rows.filter((n) => n.span.isError).length;
  main.appendChild(el('h2', { id: 'trace-title', text: `Trace ${traceId}` }));
  main.appendChild(
    el('div', {
      class: 'summary',
      text: `${rows.length} spans in ${trace.segments.length} segments · ${total} ms · started ${fmtTime(t0)}${errors ? ` · ${errors} error(s)` : ''}`,
    }),
  );
  main.appendChild(
    el(
      'div',
      { class: 'legend' },
      services.map((s) => el('span', { class: 'chip', style: `background:${colorOf(s)}`, text: s })),
    ),
  );
  main.appendChild(
    el(
      'div',
      { class: `doctor${findings.length ? ' bad' : ''}`, id: 'doctor' },
      findings.length
        ? [
            el('strong', { text: `Trace doctor: ${findings.length} finding(s)` }),
            el(
              'ul',
              {},
              findings.map((f) => el('li', { class: f.severity, text: `[${f.rule}] ${f.message}` })),
            ),
          ]
        : [el('strong', { text: 'Trace doctor: nothing wrong found.' })],
    ),
  );
  const waterfall = el('div', { class: 'waterfall', id: 'waterfall' }, [
    el('div', { class: 'wf-head' }, [
      el('span', { text: 'service / operation' }),
      el('span', { text: `0 ms … ${total} ms` }),
      el('span', { class: 'dur', text: 'duration' }),
    ]),
  ]);
  for (const node of rows) waterfall.appendChild(waterfallRow(node, t0, total, openSpanKey));
  main.appendChild(waterfall);
  if (trace.logs.length) {
    main.appendChild(
      el('div', { class: 'logs', id: 'trace-logs' }, [
        el('h4', { text: 'logs' }),
        ...trace.logs.map((l) => el('pre', { text: `${fmtTime(l.timestamp)}  ${l.service}  ${logText(l)}` })),
      ]),
    );
  }
  document.title = `Trace ${traceId}`;
  return { kind: 'shown', segments: trace.segments.length };
}
