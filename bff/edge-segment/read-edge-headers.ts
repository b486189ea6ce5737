/**
 * Which requests came through the edge, and what it said. Edge headers count only when
 * `x-sw-edge-start` is present, sw8 is valid and names span 1 (the edge's exit span), and, when
 * EDGE_SHARED_SECRET is set, `x-sw-edge-key` matches it (docs/architecture.md "The edge segment"). Anything
 * else is a reason, never an exception: the request goes on without an edge segment.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parseSw8, type Sw8Context } from '../../trace/sw8';
import { EDGE_EXIT_SPAN_ID, EDGE_HEADERS, SW8_HEADER } from '../../trace/edge-headers';
import type { EdgeSide } from '../../trace/edge-segment';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { outsideWindow, type ClockWindow } from './clock-window';

/** The edge's side of the request (the edge segment's input), and what was off in its headers. */
export interface EdgeRequest extends EdgeSide {
  /** Something was off but the segment can still be built (counted). */
  warnings: EdgeWarning[];
}

export type EdgeSkipReason = 'notFromEdge' | 'badStart' | 'badSw8' | 'sw8NotFromEdge' | 'keyMissing' | 'keyMismatch' | 'implausibleTime';
export type EdgeWarning = 'badPost' | 'badParent';

export type EdgeReadResult = { ok: true; edge: EdgeRequest } | { ok: false; reason: EdgeSkipReason; detail: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return value[0];
  return value;
}

/** Epoch ms as the edge writes it (`Date.now()`): a positive integer. */
function epochMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** Constant-time comparison of a presented secret with the configured one (hashes first, so lengths never leak). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `clock`: refuse edge times outside this window of the BFF's clock (omitted only by unit tests of the other rules). */
export function readEdgeHeaders(headers: IncomingHttpHeaders, sharedSecret: string | undefined, clock?: ClockWindow): EdgeReadResult {
  const startHeader = header(headers, EDGE_HEADERS.start);
  if (startHeader === undefined) return { ok: false, reason: 'notFromEdge', detail: `no ${EDGE_HEADERS.start}` };
  if (sharedSecret !== undefined) {
    const key = header(headers, EDGE_HEADERS.key);
    if (key === undefined) return { ok: false, reason: 'keyMissing', detail: `EDGE_SHARED_SECRET is set and ${EDGE_HEADERS.key} is missing` };
    if (!sameSecret(key, sharedSecret)) return { ok: false, reason: 'keyMismatch', detail: `${EDGE_HEADERS.key} does not match EDGE_SHARED_SECRET` };
  }
  const start = epochMs(startHeader);
  if (start === undefined) return { ok: false, reason: 'badStart', detail: `${EDGE_HEADERS.start} is not epoch ms` };
  const startOff = clock && outsideWindow(EDGE_HEADERS.start, start, clock);
  if (startOff) return { ok: false, reason: 'implausibleTime', detail: startOff };
  const sw8 = parseSw8(header(headers, SW8_HEADER), nodeBase64);
  if (!sw8.ok) return { ok: false, reason: 'badSw8', detail: `${sw8.reason}: ${sw8.detail}` };
  if (sw8.context.parentSpanId !== EDGE_EXIT_SPAN_ID) {
    return { ok: false, reason: 'sw8NotFromEdge', detail: `sw8 names span ${sw8.context.parentSpanId}, the edge's exit span is ${EDGE_EXIT_SPAN_ID}` };
  }
  const warnings: EdgeWarning[] = [];
  // No post header is the pre-only bundle, not a fault; a post that is not a time, or is before start, is.
  const postHeader = header(headers, EDGE_HEADERS.post);
  let post = epochMs(postHeader);
  if (postHeader !== undefined && (post === undefined || post < start)) {
    warnings.push('badPost');
    post = undefined;
  }
  const postOff = post !== undefined && clock && outsideWindow(EDGE_HEADERS.post, post, clock);
  if (postOff) return { ok: false, reason: 'implausibleTime', detail: postOff };
  let parent: Sw8Context | undefined;
  const parentHeader = header(headers, EDGE_HEADERS.parent);
  if (parentHeader !== undefined) {
    const parsed = parseSw8(parentHeader, nodeBase64);
    if (parsed.ok) parent = parsed.context;
    else warnings.push('badParent');
  }
  const apiId = header(headers, EDGE_HEADERS.api);
  return { ok: true, edge: { sw8: sw8.context, start, post, apiId: apiId === '' ? undefined : apiId, parent, warnings } };
}
