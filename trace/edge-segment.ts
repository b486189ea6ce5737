/**
 * The gateway's own segment, exactly the table in docs/architecture.md:
 *
 *   span 0 Entry  op = sw8 field 7   edge start → BFF response end   refs: x-sw-edge-parent
 *   span 1 Exit   op = sw8 field 7   edge post  → BFF response end   peer = sw8 field 8
 *   span 2 Local  tyk/middleware     edge start → edge post          parent 0
 *
 * Trace id, segment id, service and instance come from sw8 (fields 2, 3, 5, 6), so the BFF's own
 * segment (whose ref the agent takes from the same sw8) points at span 1 of this one.
 * Clock skew: the edge cannot have proxied the request after the BFF got it, so edge times later
 * than the BFF's arrival are clamped to it and span 0 is tagged `clock.skew_ms`.
 * Without a usable `x-sw-edge-post` (the pre-only bundle, or a post time before start) the gateway's
 * own time is unknown: span 2 is left out rather than shown as 0 ms, and span 1 starts at edge start.
 *
 * Pure and ES5-safe (type-checked by tsconfig.es5.json): reading and trusting the headers is the
 * receiving service's part (the BFF's is bff/edge-segment/read-edge-headers.ts).
 */
import { createSegment, type Segment } from './segment';
import { createSpan, tagSpan, type SpanLayer } from './span';
import { refFromSw8 } from './segment-ref';
import type { Sw8Context } from './sw8';
import { COMPONENT_IDS } from './component-ids';
import { EDGE_EXIT_SPAN_ID } from './edge-headers';

export const MIDDLEWARE_OPERATION = 'tyk/middleware';
const LAYER: SpanLayer = 'Http';

/** What the edge's headers said, already checked by the service that received them. */
export interface EdgeSide {
  /** The sw8 the edge sent: its trace, its segment id, its service, instance, endpoint and peer. */
  sw8: Sw8Context;
  /** Epoch ms when the edge's pre hook ran. */
  start: number;
  /** Epoch ms when the edge's post hook ran; undefined when the header is missing (pre-only bundle), not a time, or before start. */
  post: number | undefined;
  apiId: string | undefined;
  /** The client's sw8 the edge continued (`x-sw-edge-parent`), when valid. */
  parent: Sw8Context | undefined;
}

export interface BffSide {
  /** Epoch ms the BFF got the request. */
  arrivedAt: number;
  /** Epoch ms the BFF's response ended. */
  endedAt: number;
  /** The status the BFF answered (what the edge passes to the client). */
  status: number;
  /** The method the BFF saw, used when sw8's endpoint does not start with one. */
  method: string;
}

function methodOf(endpoint: string, fallback: string): string {
  const m = /^([A-Z]+):/.exec(endpoint);
  return m ? m[1] : fallback;
}

export function buildEdgeSegment(edge: EdgeSide, bff: BffSide): Segment {
  let start = edge.start;
  let post = edge.post === undefined ? edge.start : edge.post;
  let skewMs = 0;
  if (post > bff.arrivedAt) {
    skewMs = post - bff.arrivedAt;
    post = bff.arrivedAt;
  }
  if (start > post) {
    skewMs = Math.max(skewMs, start - bff.arrivedAt);
    start = post;
  }
  const end = Math.max(bff.endedAt, post);
  const isError = bff.status >= 500;
  const endpoint = edge.sw8.parentEndpoint;

  const entry = createSpan({
    spanId: 0,
    parentSpanId: -1,
    spanType: 'Entry',
    operationName: endpoint,
    startTime: start,
    endTime: end,
    spanLayer: LAYER,
    componentId: COMPONENT_IDS.http,
    refs: edge.parent ? [refFromSw8(edge.parent)] : [],
    isError,
  });
  tagSpan(entry, 'http.method', methodOf(endpoint, bff.method));
  tagSpan(entry, 'http.status_code', bff.status);
  if (edge.apiId !== undefined) tagSpan(entry, 'tyk.api_id', edge.apiId);
  if (skewMs > 0) tagSpan(entry, 'clock.skew_ms', skewMs);

  const exit = createSpan({
    spanId: EDGE_EXIT_SPAN_ID,
    parentSpanId: 0,
    spanType: 'Exit',
    operationName: endpoint,
    startTime: post,
    endTime: end,
    spanLayer: LAYER,
    componentId: COMPONENT_IDS.http,
    peer: edge.sw8.networkAddressUsedAtPeer,
    isError,
  });

  const spans = [entry, exit];
  if (edge.post !== undefined) {
    spans.push(
      createSpan({
        spanId: 2,
        parentSpanId: 0,
        spanType: 'Local',
        operationName: MIDDLEWARE_OPERATION,
        startTime: start,
        endTime: post,
        spanLayer: LAYER,
        componentId: COMPONENT_IDS.http,
      }),
    );
  }

  return createSegment({
    traceId: edge.sw8.traceId,
    traceSegmentId: edge.sw8.parentSegmentId,
    service: edge.sw8.parentService,
    serviceInstance: edge.sw8.parentServiceInstance,
    spans,
  });
}
