// OAP's REST receiver paths (port 12800). Replies `{}` like OAP; a payload that does not parse as
// the protobuf-JSON of its message is a 400 in the shared error shape and stores nothing.
import type { TraceStore } from '../store';
import { parseInstancePing, parseInstanceProperties, parseLogs, parseSegment, parseSegments } from '../normalize';
import { fail, type Reply, type Route } from './router';
import type { CollectorErrorCode } from '../errors';

function rejected(store: TraceStore, code: CollectorErrorCode, reason: string): Reply {
  store.countRejected();
  return fail(code, reason);
}

export function ingestRoutes(store: TraceStore): Route[] {
  return [
    {
      method: 'POST',
      path: '/v3/segment',
      json: true,
      handler: ({ body }) => {
        const parsed = parseSegment(body);
        if (!parsed.ok) return rejected(store, 'COLLECTOR_ERR_BAD_SEGMENT', parsed.reason);
        store.addSegment(parsed.value, 'http');
        return { status: 200, body: {} };
      },
    },
    {
      method: 'POST',
      path: '/v3/segments',
      json: true,
      handler: ({ body }) => {
        const parsed = parseSegments(body);
        if (!parsed.ok) return rejected(store, 'COLLECTOR_ERR_BAD_SEGMENT', parsed.reason);
        for (const segment of parsed.value) store.addSegment(segment, 'http');
        return { status: 200, body: {} };
      },
    },
    {
      method: 'POST',
      path: '/v3/logs',
      json: true,
      handler: ({ body }) => {
        const parsed = parseLogs(body);
        if (!parsed.ok) return rejected(store, 'COLLECTOR_ERR_BAD_LOG', parsed.reason);
        for (const log of parsed.value) store.addLog(log);
        return { status: 200, body: {} };
      },
    },
    {
      method: 'POST',
      path: '/v3/management/reportProperties',
      json: true,
      handler: ({ body }) => {
        const parsed = parseInstanceProperties(body);
        if (!parsed.ok) return rejected(store, 'COLLECTOR_ERR_BAD_INSTANCE', parsed.reason);
        store.reportInstance(parsed.value);
        return { status: 200, body: {} };
      },
    },
    {
      method: 'POST',
      path: '/v3/management/keepAlive',
      json: true,
      handler: ({ body }) => {
        const parsed = parseInstancePing(body);
        if (!parsed.ok) return rejected(store, 'COLLECTOR_ERR_BAD_INSTANCE', parsed.reason);
        store.reportInstance(parsed.value);
        return { status: 200, body: {} };
      },
    },
    {
      method: 'GET',
      path: '/healthcheck',
      handler: () => ({ status: 200, body: { status: 'UP' } }),
    },
  ];
}
