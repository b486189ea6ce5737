/**
 * "A complete BFF trace" for a request sent straight to the BFF (no edge): one BFF segment whose
 * entry span is the classify route and starts the trace (no refs), with its exit span to the
 * model's /predict ended. Used where hostile input must still leave a whole trace behind.
 */
import type { TraceView } from '../../helpers/collector';

export function isCompleteBffTrace(trace: TraceView, service: string): boolean {
  const bff = trace.segments.filter((s) => s.service === service);
  if (bff.length !== 1) return false;
  const entry = bff[0].spans.find((s) => s.spanType === 'Entry');
  const exit = bff[0].spans.find((s) => s.spanType === 'Exit' && s.operationName === '/predict');
  return (
    !!entry &&
    entry.operationName === 'POST:/api/v1/classify' &&
    entry.refs.length === 0 &&
    entry.endTime >= entry.startTime &&
    !!exit &&
    exit.parentSpanId === entry.spanId
  );
}
