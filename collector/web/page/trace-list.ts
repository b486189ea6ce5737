// The recent-traces list: GET /api/traces.
import type { TraceSummary } from '../../query/trace-summary';
import { colorOf, el, fmtTime, getJson } from './dom';

const HEADINGS = ['start', 'root endpoint', 'services', 'duration', 'spans', 'status', 'trace id'];

export async function renderTraceList(main: HTMLElement): Promise<void> {
  const { body } = await getJson<{ traces?: TraceSummary[] }>('/api/traces?limit=100');
  const traces = body.traces ?? [];
  main.innerHTML = '';
  if (traces.length === 0) {
    main.appendChild(el('div', { class: 'empty', id: 'no-traces', text: 'No traces yet. Send a request through the stack; this page refreshes by itself.' }));
    return;
  }
  const rows = traces.map((t) => {
    const href = `#/trace/${encodeURIComponent(t.traceId)}`;
    return el('tr', { class: 'trace-row', 'data-trace-id': t.traceId, onclick: () => void (location.hash = href) }, [
      el('td', { text: fmtTime(t.startTime) }),
      el('td', {}, [el('a', { href, text: t.rootEndpoint || '(no root)' })]),
      el(
        'td',
        {},
        t.services.map((s) => el('span', { class: 'chip', style: `background:${colorOf(s)}`, text: s })),
      ),
      el('td', { class: 'num', text: `${t.duration} ms` }),
      el('td', { class: 'num', text: String(t.spans) }),
      el('td', {}, [t.error ? el('span', { class: 'err-badge', text: 'error' }) : el('span', { class: 'ok-badge', text: 'ok' })]),
      el('td', { style: 'font-family:monospace;color:#6b7280', text: t.traceId }),
    ]);
  });
  main.appendChild(
    el('table', { class: 'traces', id: 'trace-list' }, [
      el('thead', {}, [
        el(
          'tr',
          {},
          HEADINGS.map((h, i) => el('th', { class: i === 3 || i === 4 ? 'num' : '', text: h })),
        ),
      ]),
      el('tbody', {}, rows),
    ]),
  );
}
