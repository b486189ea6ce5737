/**
 * Per-request facts every part of the BFF needs: when the request arrived (the edge segment and
 * Server-Timing measure from here) and its trace id. The trace id is the agent's when it traces
 * the request; without the agent (SW_DISABLE=true, in-process tests) it is the one the edge sent
 * in a valid sw8, which is the id the agent would have continued.
 */
import type { Request, Response, NextFunction } from 'express';
import { parseSw8 } from '../trace/sw8';
import { SW8_HEADER } from '../trace/edge-headers';
import { nodeBase64 } from '../trace/platform/node-base64';
import { activeTraceIds } from '../service-kit/agent/trace-ids';

export interface RequestTrace {
  /** Epoch ms when the BFF got the request. */
  arrivedAt: number;
  /** performance.now() at arrival, for durations. */
  arrivedPerf: number;
  traceId: string | null;
}

export function requestTrace(res: Response): RequestTrace {
  return res.locals.trace as RequestTrace;
}

export function traceIdOf(res: Response): string | null {
  const trace = res.locals.trace as RequestTrace | undefined;
  return trace ? trace.traceId : null;
}

export function requestTraceMiddleware(req: Request, res: Response, next: NextFunction): void {
  const active = activeTraceIds();
  let traceId: string | null = active ? active.traceId : null;
  if (traceId === null) {
    const header = req.headers[SW8_HEADER];
    const parsed = parseSw8(typeof header === 'string' ? header : undefined, nodeBase64);
    if (parsed.ok) traceId = parsed.context.traceId;
  }
  const trace: RequestTrace = { arrivedAt: Date.now(), arrivedPerf: performance.now(), traceId };
  res.locals.trace = trace;
  if (traceId !== null) res.setHeader('x-trace-id', traceId);
  next();
}
