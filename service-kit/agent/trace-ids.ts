/**
 * The SkyWalking ids of the code running now, for logs and an answer's `traceId`. Reads the agent's
 * current span only through the side-effect-free getter (`ContextManager.current` would create a
 * context). Without an agent, or outside a traced request, there are none.
 */
import { ContextManager } from 'skywalking-backend-js';

export interface TraceIds {
  traceId: string;
  segmentId: string;
  spanId: number;
}

export function activeTraceIds(): TraceIds | undefined {
  try {
    const span = ContextManager.currentSpan;
    if (!span) return undefined;
    const traceId = span.context.traceId();
    if (!traceId || traceId === 'N/A') return undefined;
    return { traceId, segmentId: span.context.segment.segmentId.toString(), spanId: span.id };
  } catch {
    return undefined;
  }
}

export function activeTraceId(): string | null {
  return activeTraceIds()?.traceId ?? null;
}

/** A pino `mixin`: every line written inside a traced request carries its trace, segment and span. */
export function traceIdsMixin(): Partial<TraceIds> {
  return activeTraceIds() ?? {};
}
