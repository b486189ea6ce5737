/**
 * Whether a decoded rejection may become the gateway's segment. The originating request's edge
 * headers go through the same reader as every request that reaches the BFF (sw8 valid and naming
 * span 1, `x-sw-edge-start` a time). Its `x-sw-edge-key` is compared only when present: the
 * webhook itself already proved it came from the gateway, and the pre hook sets the key only where
 * the API's `sw_edge_secret` is configured. Then the times must be plausible against the BFF's
 * clock: the event within `windowMs` of now, the pre hook before the event and not more than
 * `windowMs` before it. A body replayed after the window fails here; within it, seen-segments.ts
 * refuses it.
 */
import { readEdgeHeaders, type EdgeRequest, type EdgeSkipReason } from '../edge-segment/read-edge-headers';
import { EDGE_HEADERS } from '../../trace/edge-headers';
import { outsideWindow } from '../edge-segment/clock-window';
import type { WireRequest } from './wire-request';

/** The pre hook's `Date.now()` is whole ms, Go's event time has ns: the start may read up to 1 ms late. */
const START_SLACK_MS = 1;

export type UntrustedReason = EdgeSkipReason;

export type TrustResult = { ok: true; edge: EdgeRequest } | { ok: false; reason: UntrustedReason; detail: string };

export function trustRejected(request: WireRequest, eventAt: number, sharedSecret: string, windowMs: number, now: number): TrustResult {
  const keyPresent = request.headers[EDGE_HEADERS.key] !== undefined;
  const eventOff = outsideWindow('the event time', eventAt, { reference: now, windowMs });
  if (eventOff) return { ok: false, reason: 'implausibleTime', detail: eventOff };
  // The event is on the BFF's clock now: the edge times are checked against it.
  const read = readEdgeHeaders(request.headers, keyPresent ? sharedSecret : undefined, { reference: eventAt, windowMs });
  if (!read.ok) return read;
  const { start } = read.edge;
  if (start > eventAt + START_SLACK_MS || eventAt - start > windowMs) {
    return {
      ok: false,
      reason: 'implausibleTime',
      detail: `${EDGE_HEADERS.start} is ${Math.round(eventAt - start)} ms before the event; it must be between 0 and ${windowMs} ms`,
    };
  }
  return read;
}
