// OAP's REST receiver paths (port 12800). Replies `{}` like OAP; a payload that does not parse as
// the protobuf-JSON of its message is a 400 in the shared error shape and stores nothing.
import type { TraceStore } from '../store';
import { parseInstancePing, parseInstanceProperties, parseLogs, parseSegment, parseSegments } from '../normalize';
import { fail, type Reply, type Route } from './router';
import type { CollectorErrorCode } from '../errors';
import { MAX_SPANS_PER_SEGMENT } from '../limits';
import type { SegmentJson } from '../segment-json';

function rejected(store: TraceStore, code: CollectorErrorCode, reason: string): Reply {
  store.countRejected();
  return fail(code, reason);
}

/** The first segment over the span bound, if any: the whole POST is refused, nothing stored. */
function tooManySpans(segments: SegmentJson[]): string | null {
  const index = segments.findIndex((segment) => segment.spans.length > MAX_SPANS_PER_SEGMENT);
  if (index === -1) return null;
  return `segment ${index} (${segments[index].traceSegmentId}) has ${segments[index].spans.length} spans; at most ${MAX_SPANS_PER_SEGMENT} are accepted`;
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
        const overBound = tooManySpans([parsed.value]);
        if (overBound) return rejected(store, 'COLLECTOR_ERR_TOO_MANY_SPANS', overBound);
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
        const overBound = tooManySpans(parsed.value);
        if (overBound) return rejected(store, 'COLLECTOR_ERR_TOO_MANY_SPANS', overBound);
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
