/**
 * What the tests read from a real OAP, only through its GraphQL (query-protocol of OAP 10.1.0):
 * queryTrace, queryBasicTraces, getGlobalTopology, queryLogs. The embedded collector answers
 * queryTrace with the same query, so both are read the same way. Waits poll with a deadline.
 */
import { graphql } from '../../collector/cli/oap-client';
import { lastMinutes, TRACE_QUERY, type QuerySpan } from '../../collector/cli/queries';
import { spansToSegments } from '../../collector/cli/spans-to-segments';
import { poll, type WaitOptions } from '../../testkit/poll';
import { describeSegments, type TraceView } from '../helpers/collector';

export interface QueriedTrace {
  traceId: string;
  spans: QuerySpan[];
  /** The same spans regrouped into segments, for the e2e assertions and the doctor. */
  view: TraceView;
}

async function must<T>(httpUrl: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const outcome = await graphql<T>(httpUrl, query, variables);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.data;
}

export async function queryTrace(httpUrl: string, traceId: string): Promise<QueriedTrace> {
  const data = await must<{ trace: { spans: QuerySpan[] } | null }>(httpUrl, TRACE_QUERY, { traceId });
  const spans = data.trace?.spans ?? [];
  return { traceId, spans, view: { traceId, segments: spansToSegments(spans), logs: [] } };
}

/** Polls queryTrace until `predicate` holds; on timeout, says what did arrive. */
export function waitForQueriedTrace(
  httpUrl: string,
  traceId: string,
  predicate: (trace: QueriedTrace) => boolean,
  options: WaitOptions = {},
): Promise<QueriedTrace> {
  let last: QueriedTrace | undefined;
  let lastError = '';
  return poll(
    async () => {
      try {
        last = await queryTrace(httpUrl, traceId);
        return predicate(last) ? last : undefined;
      } catch (error) {
        lastError = (error as Error).message;
        return undefined;
      }
    },
    () => (last ? `Trace ${traceId} at ${httpUrl} has:\n${describeSegments(last.view.segments)}` : `Trace ${traceId} never answered (${lastError}).`),
    `trace ${traceId} at ${httpUrl}`,
    { intervalMs: 250, ...options },
  );
}

export interface BasicTrace {
  segmentId: string;
  endpointNames: string[];
  duration: number;
  isError: boolean;
  traceIds: string[];
}

/** The segments OAP lists for the last `minutes` (one entry per segment whose service matches, or all). */
export async function queryBasicTraces(
  httpUrl: string,
  options: { minutes?: number; state?: 'ALL' | 'ERROR' | 'SUCCESS'; pageSize?: number } = {},
): Promise<BasicTrace[]> {
  const query = `query ($condition: TraceQueryCondition) {
    data: queryBasicTraces(condition: $condition) { traces { segmentId endpointNames duration isError traceIds } }
  }`;
  const condition = {
    queryDuration: lastMinutes(options.minutes ?? 15),
    traceState: options.state ?? 'ALL',
    queryOrder: 'BY_START_TIME',
    paging: { pageNum: 1, pageSize: options.pageSize ?? 100 },
  };
  return (await must<{ data: { traces: BasicTrace[] } }>(httpUrl, query, { condition })).data.traces;
}

export interface Topology {
  nodes: { id: string; name: string; type: string | null; isReal: boolean }[];
  calls: { source: string; target: string; detectPoints: string[] }[];
}

/** The topology from the minute `fromMs` falls in (OAP aggregates calls per minute) until now. */
export async function globalTopology(httpUrl: string, fromMs = Date.now() - 15 * 60_000): Promise<Topology> {
  const query = `query ($duration: Duration!) {
    topology: getGlobalTopology(duration: $duration) { nodes { id name type isReal } calls { source target detectPoints } }
  }`;
  // lastMinutes(n) starts n minutes before now, cut to the minute: the minute of fromMs.
  const fromMinute = Math.floor(fromMs / 60_000) * 60_000;
  const duration = lastMinutes(Math.floor((Date.now() - fromMinute) / 60_000));
  return (await must<{ topology: Topology }>(httpUrl, query, { duration })).topology;
}

/** "source → target" by node name, sorted: the topology as a user reads it. */
export function topologyEdges(topology: Topology): string[] {
  const name = (id: string) => topology.nodes.find((node) => node.id === id)?.name ?? `?${id}`;
  return topology.calls.map((call) => `${name(call.source)} → ${name(call.target)}`).sort();
}

export interface OapLog {
  serviceName: string;
  traceId: string | null;
  content: string;
  tags: { key: string; value: string }[];
}

export async function queryLogsOfTrace(httpUrl: string, traceId: string): Promise<OapLog[]> {
  const query = `query ($condition: LogQueryCondition) {
    logs: queryLogs(condition: $condition) { logs { serviceName traceId content tags { key value } } }
  }`;
  const condition = { relatedTrace: { traceId }, queryDuration: lastMinutes(15), paging: { pageNum: 1, pageSize: 100 } };
  return (await must<{ logs: { logs: OapLog[] } }>(httpUrl, query, { condition })).logs.logs;
}
