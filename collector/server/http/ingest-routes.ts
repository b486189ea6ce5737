// OAP's REST receiver paths (port 12800). Replies `{}` like OAP; a payload that does not parse as
// the protobuf-JSON of its message is a 400 in the shared error shape and stores nothing.
import type { TraceStore } from '../store';
import { type Parsed, parseInstancePing, parseInstanceProperties, parseLogs, parseSegment, parseSegments } from '../normalize';
import { fail, type Reply, type Route } from './router';
import type { CollectorErrorCode } from '../../errors';
import { MAX_SPANS_PER_SEGMENT } from '../../limits';
import type { SegmentJson } from '../../segment-json';

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

/**
 * A POST that parses one protobuf-JSON message (or a list) and stores it; `check` refuses a parsed
 * payload as a whole before anything is stored.
 */
function ingest<T>(
  store: TraceStore,
  path: string,
  parse: (body: unknown) => Parsed<T>,
  badPayload: CollectorErrorCode,
  keep: (value: T) => void,
  check: (value: T) => Reply | null = () => null,
): Route {
  return {
    method: 'POST',
    path,
    json: true,
    handler: ({ body }) => {
      const parsed = parse(body);
      if (!parsed.ok) return rejected(store, badPayload, parsed.reason);
      const refusal = check(parsed.value);
      if (refusal) return refusal;
      keep(parsed.value);
      return { status: 200, body: {} };
    },
  };
}

export function ingestRoutes(store: TraceStore): Route[] {
  const spanBound = (segments: SegmentJson[]): Reply | null => {
    const overBound = tooManySpans(segments);
    return overBound ? rejected(store, 'COLLECTOR_ERR_TOO_MANY_SPANS', overBound) : null;
  };
  return [
    ingest(
      store,
      '/v3/segment',
      parseSegment,
      'COLLECTOR_ERR_BAD_SEGMENT',
      (segment) => store.addSegment(segment, 'http'),
      (segment) => spanBound([segment]),
    ),
    ingest(
      store,
      '/v3/segments',
      parseSegments,
      'COLLECTOR_ERR_BAD_SEGMENT',
      (segments) => {
        for (const segment of segments) store.addSegment(segment, 'http');
      },
      spanBound,
    ),
    ingest(store, '/v3/logs', parseLogs, 'COLLECTOR_ERR_BAD_LOG', (logs) => {
      for (const log of logs) store.addLog(log);
    }),
    ingest(store, '/v3/management/reportProperties', parseInstanceProperties, 'COLLECTOR_ERR_BAD_INSTANCE', (report) => store.reportInstance(report)),
    ingest(store, '/v3/management/keepAlive', parseInstancePing, 'COLLECTOR_ERR_BAD_INSTANCE', (report) => store.reportInstance(report)),
    {
      method: 'GET',
      path: '/healthcheck',
      handler: () => ({ status: 200, body: { status: 'UP' } }),
    },
  ];
}
