// Every error the collector's HTTP port answers: a stable code, its status, and the sentence.
// Documented in docs/errors.md (a test keeps the two in step). Retired codes are never reused.

export const COLLECTOR_ERRORS = {
  COLLECTOR_ERR_BAD_JSON: { status: 400, error: 'The request body is not valid JSON.' },
  COLLECTOR_ERR_BAD_SEGMENT: { status: 400, error: 'The segment does not match skywalking.v3.SegmentObject.' },
  COLLECTOR_ERR_BAD_LOG: { status: 400, error: 'The log does not match skywalking.v3.LogData.' },
  COLLECTOR_ERR_BAD_INSTANCE: { status: 400, error: 'The instance report does not match skywalking.v3.InstanceProperties / InstancePingPkg.' },
  COLLECTOR_ERR_BAD_QUERY: { status: 400, error: 'The query parameters are not valid.' },
  COLLECTOR_ERR_TOO_LARGE: { status: 413, error: 'The request body is larger than the collector accepts.' },
  COLLECTOR_ERR_TOO_MANY_SPANS: { status: 413, error: 'A segment has more spans than the collector accepts.' },
  COLLECTOR_ERR_QUERY_TOO_COMPLEX: { status: 400, error: 'The GraphQL query is longer, deeper or asks for a larger answer than the collector gives.' },
  COLLECTOR_ERR_TRACE_NOT_FOUND: { status: 404, error: 'No segment of this trace has been received (or it was evicted).' },
  COLLECTOR_ERR_NOT_FOUND: { status: 404, error: 'No such path on the collector.' },
  COLLECTOR_ERR_METHOD_NOT_ALLOWED: { status: 405, error: 'This path does not accept this method.' },
  COLLECTOR_ERR_INTERNAL: { status: 500, error: 'The collector failed; this is a bug in the collector.' },
} as const;

export type CollectorErrorCode = keyof typeof COLLECTOR_ERRORS;

export interface ErrorBody {
  code: CollectorErrorCode;
  error: string;
  detail: unknown;
  traceId: string | null;
}

export function errorBody(code: CollectorErrorCode, detail?: unknown, traceId: string | null = null): { status: number; body: ErrorBody } {
  const entry = COLLECTOR_ERRORS[code];
  return { status: entry.status, body: { code, error: entry.error, detail: detail ?? null, traceId } };
}
