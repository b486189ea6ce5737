// Test helper: an embedded collector on free ports, and waits that POLL its store with a deadline.
// On timeout they fail with what did arrive, so a broken trace explains itself.
import { start, type RunningCollector, type CollectorOptions } from '../../collector/server/server';
import { silentLogger } from '../../collector/server/logger';
import type { SegmentJson, TraceView } from '../../collector/segment-json';
import { poll, type WaitOptions } from '../../testkit/poll';

export type { RunningCollector } from '../../collector/server/server';
export type { SegmentJson, SpanJson, TraceView } from '../../collector/segment-json';

/** A collector on port 0 (gRPC and HTTP), quiet unless it has a bug (then stderr). Call `stop()` in an `after` hook. */
export function startTestCollector(options: CollectorOptions = {}): Promise<RunningCollector> {
  const logger = { ...silentLogger, error: (msg: string) => console.error(msg) };
  return start({ grpcPort: 0, httpPort: 0, host: '127.0.0.1', logger, ...options });
}

/** One line per segment: service, ids, spans with their parents and refs. */
export function describeSegments(segments: SegmentJson[]): string {
  if (segments.length === 0) return '  (no segments)';
  return segments
    .map((seg) => {
      const spans = seg.spans
        .map((s) => {
          const refs = s.refs.map((r) => ` ref->${r.parentService}:${r.parentTraceSegmentId}/${r.parentSpanId}`).join('');
          return `    span ${s.spanId}<-${s.parentSpanId} ${s.spanType} ${JSON.stringify(s.operationName)}${s.peer ? ` peer=${s.peer}` : ''}${s.isError ? ' ERROR' : ''}${refs}`;
        })
        .join('\n');
      return `  segment ${seg.traceSegmentId} service=${seg.service} instance=${seg.serviceInstance} trace=${seg.traceId}\n${spans}`;
    })
    .join('\n');
}

function describeStore(collector: RunningCollector): string {
  const ids = collector.store.traceIds();
  const stats = collector.store.stats();
  const recent = ids.slice(-10).map((id) => {
    const t = collector.store.getTrace(id);
    const services = [...new Set((t?.segments ?? []).map((s) => s.service))].join(', ');
    return `  ${id}: ${t?.segments.length ?? 0} segment(s) [${services}]`;
  });
  return `The collector holds ${stats.traces} trace(s), ${stats.segments} segment(s); received ${stats.received.segments} segment(s) (gRPC ${stats.received.grpcSegments}, HTTP ${stats.received.httpSegments}), rejected ${stats.rejectedPayloads} payload(s).${recent.length ? `\nLatest traces:\n${recent.join('\n')}` : ''}`;
}

/** Resolves with the trace once `predicate` holds for it; the default predicate is "it has a segment". */
export function waitForTrace(
  collector: RunningCollector,
  traceId: string,
  predicate: (trace: TraceView) => boolean = (t) => t.segments.length > 0,
  options: WaitOptions = {},
): Promise<TraceView> {
  return poll(
    () => {
      const trace = collector.store.getTrace(traceId);
      return trace && predicate(trace) ? trace : undefined;
    },
    () => {
      const trace = collector.store.getTrace(traceId);
      if (!trace) return `Trace ${traceId} has not arrived at all.\n${describeStore(collector)}`;
      return `Trace ${traceId} arrived but the predicate does not hold. It has:\n${describeSegments(trace.segments)}\n  logs: ${trace.logs.length}`;
    },
    `trace ${traceId}`,
    options,
  );
}

/** Resolves with all stored segments once `predicate` holds for them. */
export function waitForSegments(
  collector: RunningCollector,
  predicate: (segments: SegmentJson[]) => boolean,
  options: WaitOptions = {},
): Promise<SegmentJson[]> {
  return poll(
    () => {
      const segments = collector.store.allSegments();
      return predicate(segments) ? segments : undefined;
    },
    () => `The predicate does not hold on what arrived:\n${describeSegments(collector.store.allSegments().slice(-20))}\n${describeStore(collector)}`,
    'segments',
    options,
  );
}

/**
 * Like waitForTrace, for a collector in another process: polls `GET <httpUrl>/api/traces/:traceId`
 * (use the collector's httpUrl, i.e. SW_OAP_HTTP_URL).
 */
export function waitForTraceOverHttp(
  httpUrl: string,
  traceId: string,
  predicate: (trace: TraceView) => boolean = (t) => t.segments.length > 0,
  options: WaitOptions = {},
): Promise<TraceView> {
  let last: TraceView | undefined;
  let lastError = '';
  return poll(
    async () => {
      try {
        const res = await fetch(`${httpUrl.replace(/\/+$/, '')}/api/traces/${encodeURIComponent(traceId)}`);
        if (res.status !== 200) {
          lastError = `GET /api/traces/${traceId} answered ${res.status}`;
          await res.body?.cancel();
          return undefined;
        }
        last = (await res.json()) as TraceView;
        return predicate(last) ? last : undefined;
      } catch (err) {
        lastError = `cannot reach ${httpUrl}: ${(err as Error).message}`;
        return undefined;
      }
    },
    () =>
      last
        ? `Trace ${traceId} arrived but the predicate does not hold. It has:\n${describeSegments(last.segments)}\n  logs: ${last.logs.length}`
        : `Trace ${traceId} has not arrived at all (${lastError}).`,
    `trace ${traceId} at ${httpUrl}`,
    options,
  );
}
