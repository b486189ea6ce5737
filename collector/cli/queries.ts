// The GraphQL the trace CLI sends, to our collector and to a real OAP 10.x alike
// (apache/skywalking-query-protocol trace.graphqls; the selection is the SkyWalking UI's).
export const TRACE_QUERY = `query queryTrace($traceId: ID!) {
  trace: queryTrace(traceId: $traceId) {
    spans {
      traceId segmentId spanId parentSpanId
      refs { traceId parentSegmentId parentSpanId type }
      serviceCode serviceInstanceName startTime endTime endpointName type peer component isError layer
      tags { key value }
      logs { time data { key value } }
    }
  }
}`;

// No \`total\`: OAP 10.1's TraceBrief has only \`traces\` and refuses the whole query otherwise.
export const LAST_TRACE_QUERY = `query queryTraces($condition: TraceQueryCondition) {
  data: queryBasicTraces(condition: $condition) {
    traces { segmentId endpointNames duration start isError traceIds }
  }
}`;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** OAP Duration for the last `minutes`, step MINUTE ("yyyy-MM-dd HHmm" in the caller's local time, as the UI sends). */
export function lastMinutes(minutes: number, now = new Date()): { start: string; end: string; step: 'MINUTE' } {
  const fmt = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}${pad(d.getMinutes())}`;
  return { start: fmt(new Date(now.getTime() - minutes * 60_000)), end: fmt(new Date(now.getTime() + 60_000)), step: 'MINUTE' };
}

export function lastTraceCondition(now = new Date()) {
  return {
    queryDuration: lastMinutes(60, now),
    traceState: 'ALL',
    queryOrder: 'BY_START_TIME',
    paging: { pageNum: 1, pageSize: 1 },
  };
}

/** A span as OAP's GraphQL gives it. */
export interface QuerySpan {
  traceId: string;
  segmentId: string;
  spanId: number;
  parentSpanId: number;
  refs: { traceId: string; parentSegmentId: string; parentSpanId: number; type: string }[];
  serviceCode: string;
  serviceInstanceName: string;
  startTime: number;
  endTime: number;
  endpointName: string | null;
  type: string;
  peer: string | null;
  component: string | null;
  isError: boolean | null;
  layer: string | null;
  tags: { key: string; value: string | null }[];
  logs: { time: number; data: { key: string; value: string | null }[] | null }[];
}
