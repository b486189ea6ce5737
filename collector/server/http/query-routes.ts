// The collector's own read API: recent traces, one trace, its doctor report, counters.
import type { TraceStore } from '../store';
import { diagnose } from '../../query/doctor';
import { fail, type Route } from './router';

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | string {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) return `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`;
  return n;
}

export function queryRoutes(store: TraceStore): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/traces',
      handler: ({ url }) => {
        const limit = intParam(url, 'limit', 50, 1, 10_000);
        if (typeof limit === 'string') return fail('COLLECTOR_ERR_BAD_QUERY', limit);
        const service = url.searchParams.get('service');
        const errorOnly = url.searchParams.get('error');
        if (errorOnly !== null && errorOnly !== 'true' && errorOnly !== 'false') {
          return fail('COLLECTOR_ERR_BAD_QUERY', `error must be true or false, got ${JSON.stringify(errorOnly)}`);
        }
        let traces = store.listTraces(Number.MAX_SAFE_INTEGER);
        if (service) traces = traces.filter((t) => t.services.includes(service));
        if (errorOnly !== null) traces = traces.filter((t) => t.error === (errorOnly === 'true'));
        return { status: 200, body: { traces: traces.slice(0, limit) } };
      },
    },
    {
      method: 'GET',
      path: '/api/traces/:traceId',
      handler: ({ params }) => {
        const trace = store.getTrace(params.traceId);
        if (!trace) return fail('COLLECTOR_ERR_TRACE_NOT_FOUND', { traceId: params.traceId });
        return { status: 200, body: trace };
      },
    },
    {
      method: 'GET',
      path: '/api/traces/:traceId/doctor',
      handler: ({ params }) => {
        const trace = store.getTrace(params.traceId);
        if (!trace) return fail('COLLECTOR_ERR_TRACE_NOT_FOUND', { traceId: params.traceId });
        const findings = diagnose(trace);
        return { status: 200, body: { traceId: trace.traceId, healthy: findings.length === 0, findings } };
      },
    },
    {
      method: 'GET',
      path: '/api/stats',
      handler: () => ({ status: 200, body: store.stats() }),
    },
    {
      method: 'GET',
      path: '/api/instances',
      handler: () => ({ status: 200, body: { instances: store.instances() } }),
    },
    {
      method: 'GET',
      path: '/api/logs',
      handler: () => ({ status: 200, body: { logs: store.orphanLogList() } }),
    },
  ];
}
