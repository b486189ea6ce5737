// In-memory trace store with bounds. Traces are kept in arrival order of their first segment;
// when either bound is passed the oldest trace goes whole (a half-evicted trace would make the
// doctor report missing segments that did arrive).
import type { InstanceReport, LogJson, SegmentJson, TraceView } from '../segment-json';
import { summarize, type TraceSummary } from '../query/trace-summary';

export interface StoreBounds {
  /** Most traces kept (default 2000). */
  maxTraces?: number;
  /** Most spans kept over all traces (default 200000). */
  maxSpans?: number;
  /** Most logs kept that carry no trace context (default 1000). */
  maxOrphanLogs?: number;
}

export type ReportChannel = 'grpc' | 'http';

export interface StoreStats {
  traces: number;
  segments: number;
  spans: number;
  logs: number;
  received: { segments: number; spans: number; logs: number; grpcSegments: number; httpSegments: number };
  evicted: { traces: number; segments: number; spans: number };
  /** Segments with no span: OAP drops these too. */
  droppedEmptySegments: number;
  /** Segments whose id was already stored: the later copy replaces the earlier one. */
  replacedSegments: number;
  rejectedPayloads: number;
  instances: number;
  bounds: { maxTraces: number; maxSpans: number };
}

interface TraceEntry {
  traceId: string;
  segments: Map<string, SegmentJson>;
  logs: LogJson[];
  spanCount: number;
  firstReceived: number;
  lastReceived: number;
  /** Cached; cleared whenever a segment of the trace arrives. */
  summary?: TraceSummary;
}

export interface InstanceEntry extends InstanceReport {
  lastSeen: number;
  properties: InstanceReport['properties'];
}

export type StoreEvent = { kind: 'segment'; segment: SegmentJson; channel: ReportChannel } | { kind: 'log'; log: LogJson };

export class TraceStore {
  readonly maxTraces: number;
  readonly maxSpans: number;
  readonly maxOrphanLogs: number;
  private readonly traces = new Map<string, TraceEntry>();
  private readonly orphanLogs: LogJson[] = [];
  private readonly instanceMap = new Map<string, InstanceEntry>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private spanTotal = 0;
  private segmentTotal = 0;
  private readonly counters = {
    receivedSegments: 0,
    receivedSpans: 0,
    receivedLogs: 0,
    grpcSegments: 0,
    httpSegments: 0,
    evictedTraces: 0,
    evictedSegments: 0,
    evictedSpans: 0,
    droppedEmptySegments: 0,
    replacedSegments: 0,
    rejectedPayloads: 0,
  };

  constructor(bounds: StoreBounds = {}) {
    this.maxTraces = positive(bounds.maxTraces, 2000);
    this.maxSpans = positive(bounds.maxSpans, 200_000);
    this.maxOrphanLogs = positive(bounds.maxOrphanLogs, 1000);
  }

  addSegment(segment: SegmentJson, channel: ReportChannel): void {
    this.counters.receivedSegments += 1;
    this.counters.receivedSpans += segment.spans.length;
    if (channel === 'grpc') this.counters.grpcSegments += 1;
    else this.counters.httpSegments += 1;
    if (segment.spans.length === 0) {
      this.counters.droppedEmptySegments += 1;
      return;
    }
    const entry = this.entryFor(segment.traceId);
    const previous = entry.segments.get(segment.traceSegmentId);
    if (previous) {
      this.counters.replacedSegments += 1;
      entry.spanCount -= previous.spans.length;
      this.spanTotal -= previous.spans.length;
      this.segmentTotal -= 1;
      entry.segments.delete(segment.traceSegmentId);
    }
    entry.segments.set(segment.traceSegmentId, segment);
    entry.summary = undefined;
    entry.spanCount += segment.spans.length;
    entry.lastReceived = Date.now();
    this.spanTotal += segment.spans.length;
    this.segmentTotal += 1;
    this.enforceBounds(entry.traceId);
    this.emit({ kind: 'segment', segment, channel });
  }

  addLog(log: LogJson): void {
    this.counters.receivedLogs += 1;
    const traceId = log.traceContext?.traceId;
    if (traceId) {
      const entry = this.entryFor(traceId);
      entry.logs.push(log);
      entry.lastReceived = Date.now();
      this.enforceBounds(traceId);
    } else {
      this.orphanLogs.push(log);
      if (this.orphanLogs.length > this.maxOrphanLogs) this.orphanLogs.shift();
    }
    this.emit({ kind: 'log', log });
  }

  reportInstance(report: InstanceReport): void {
    const key = `${report.service}\u0000${report.serviceInstance}`;
    const known = this.instanceMap.get(key);
    this.instanceMap.set(key, {
      service: report.service,
      serviceInstance: report.serviceInstance,
      layer: report.layer || known?.layer || '',
      properties: report.properties ?? known?.properties ?? [],
      lastSeen: Date.now(),
    });
  }

  countRejected(): void {
    this.counters.rejectedPayloads += 1;
  }

  getTrace(traceId: string): TraceView | undefined {
    const entry = this.traces.get(traceId);
    if (!entry) return undefined;
    return { traceId, segments: [...entry.segments.values()], logs: [...entry.logs] };
  }

  /** Every stored segment, oldest trace first. */
  allSegments(): SegmentJson[] {
    const out: SegmentJson[] = [];
    for (const entry of this.traces.values()) out.push(...entry.segments.values());
    return out;
  }

  traceIds(): string[] {
    return [...this.traces.keys()];
  }

  /** Traces that have at least one segment, newest first (by start time, then arrival). */
  listTraces(limit = 50): TraceSummary[] {
    const entries = [...this.traces.values()].filter((e) => e.segments.size > 0);
    const summaries = entries.map((e) => {
      e.summary ??= summarize(e.traceId, [...e.segments.values()]);
      return { s: e.summary, received: e.lastReceived };
    });
    summaries.sort((a, b) => b.s.startTime - a.s.startTime || b.received - a.received);
    return summaries.slice(0, Math.max(0, limit)).map((x) => x.s);
  }

  orphanLogList(): LogJson[] {
    return [...this.orphanLogs];
  }

  instances(): InstanceEntry[] {
    return [...this.instanceMap.values()];
  }

  stats(): StoreStats {
    const c = this.counters;
    let logs = this.orphanLogs.length;
    for (const e of this.traces.values()) logs += e.logs.length;
    return {
      traces: this.traces.size,
      segments: this.segmentTotal,
      spans: this.spanTotal,
      logs,
      received: {
        segments: c.receivedSegments,
        spans: c.receivedSpans,
        logs: c.receivedLogs,
        grpcSegments: c.grpcSegments,
        httpSegments: c.httpSegments,
      },
      evicted: { traces: c.evictedTraces, segments: c.evictedSegments, spans: c.evictedSpans },
      droppedEmptySegments: c.droppedEmptySegments,
      replacedSegments: c.replacedSegments,
      rejectedPayloads: c.rejectedPayloads,
      instances: this.instanceMap.size,
      bounds: { maxTraces: this.maxTraces, maxSpans: this.maxSpans },
    };
  }

  /** Called for every stored segment and log; returns an unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.traces.clear();
    this.orphanLogs.length = 0;
    this.spanTotal = 0;
    this.segmentTotal = 0;
  }

  private entryFor(traceId: string): TraceEntry {
    let entry = this.traces.get(traceId);
    if (!entry) {
      const now = Date.now();
      entry = { traceId, segments: new Map(), logs: [], spanCount: 0, firstReceived: now, lastReceived: now };
      this.traces.set(traceId, entry);
    }
    return entry;
  }

  private enforceBounds(keepTraceId: string): void {
    while (this.traces.size > this.maxTraces || this.spanTotal > this.maxSpans) {
      const oldest = this.traces.keys().next().value as string | undefined;
      // The trace just written is the only one left: keep it even if it alone passes maxSpans.
      if (oldest === undefined || (oldest === keepTraceId && this.traces.size === 1)) return;
      const victim = oldest === keepTraceId ? [...this.traces.keys()][1] : oldest;
      this.evict(victim);
    }
  }

  private evict(traceId: string): void {
    const entry = this.traces.get(traceId);
    if (!entry) return;
    this.traces.delete(traceId);
    this.spanTotal -= entry.spanCount;
    this.segmentTotal -= entry.segments.size;
    this.counters.evictedTraces += 1;
    this.counters.evictedSegments += entry.segments.size;
    this.counters.evictedSpans += entry.spanCount;
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not lose the report that is being stored.
      }
    }
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
