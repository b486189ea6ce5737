// The trace page's entry: routes between the list (#/) and one trace (#/trace/<id>, or the path
// /trace/<id>; #/trace/<id>/span/<segmentId>S<spanId> opens that span), refreshes the list, and
// re-renders a trace when segments arrive late. Bundled by collector/web/build-page.ts.
import type { StoreStats } from '../../server/store';
import { getJson } from './dom';
import { renderTraceList } from './trace-list';
import { renderTrace } from './trace-view';

const main = document.getElementById('main') as HTMLElement;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function currentTraceId(): string | null {
  const m = /^#\/trace\/([^/]+)/.exec(location.hash) ?? /^\/trace\/([^/]+)\/?$/.exec(location.pathname);
  return m ? decodeURIComponent(m[1]) : null;
}

function currentSpanKey(): string | null {
  const m = /^#\/trace\/[^/]+\/span\/(.+)$/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

async function showStats(): Promise<void> {
  const { body: s } = await getJson<StoreStats>('/api/stats');
  const stats = document.getElementById('stats');
  if (stats) stats.textContent = `${s.traces} trace(s) · ${s.spans} spans stored · ${s.received.segments} segments received · ${s.evicted.traces} evicted`;
}

async function showTrace(traceId: string): Promise<void> {
  const shown = await renderTrace(main, traceId, currentSpanKey());
  if (shown.kind === 'missing') refreshTimer = setTimeout(route, 1500);
  else watchForLateSegments(traceId, shown.segments, 10);
}

// Agents report about a second after a request ends: re-render (a few times) when segments arrive later.
function watchForLateSegments(traceId: string, seen: number, checksLeft: number): void {
  if (checksLeft <= 0) return;
  refreshTimer = setTimeout(async () => {
    if (currentTraceId() !== traceId) return;
    const { status, body } = await getJson<{ segments: unknown[] }>(`/api/traces/${encodeURIComponent(traceId)}`).catch(() => ({
      status: 0,
      body: { segments: [] },
    }));
    if (status === 200 && body.segments.length !== seen) void showTrace(traceId).catch(fail('the trace'));
    else watchForLateSegments(traceId, seen, checksLeft - 1);
  }, 2000);
}

const fail = (what: string) => (err: unknown) => {
  main.textContent = `Could not load ${what}: ${err}`;
};

function route(): void {
  clearTimeout(refreshTimer);
  showStats().catch(() => undefined);
  const id = currentTraceId();
  if (id) void showTrace(id).catch(fail('the trace'));
  else {
    void renderTraceList(main).catch(fail('traces'));
    refreshTimer = setTimeout(route, 3000);
  }
}

window.addEventListener('hashchange', route);
route();
