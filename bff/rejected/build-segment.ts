/**
 * The gateway's segment for a request it refused (docs/edge.md "Rejected requests"): span 0 only,
 * an Entry named by sw8 field 7, from the pre hook to the event, on the trace id and segment id
 * the pre hook minted. No Exit span: nothing was called upstream.
 */
import { createSegment, type Segment } from '../../trace/segment';
import { createSpan, tagSpan } from '../../trace/span';
import { refFromSw8 } from '../../trace/segment-ref';
import { COMPONENT_IDS } from '../../trace/component-ids';
import type { EdgeRequest } from '../edge-segment/read-edge-headers';
import { REQUEST_REJECTION_EVENTS, type RequestRejectionEvent } from './tyk-events';

export function buildRejectedSegment(edge: EdgeRequest, event: RequestRejectionEvent, eventAt: number, method: string): Segment {
  const entry = createSpan({
    spanId: 0,
    parentSpanId: -1,
    spanType: 'Entry',
    operationName: edge.sw8.parentEndpoint,
    startTime: edge.start,
    endTime: Math.max(edge.start, Math.floor(eventAt)),
    spanLayer: 'Http',
    componentId: COMPONENT_IDS.http,
    refs: edge.parent ? [refFromSw8(edge.parent)] : [],
    isError: true,
  });
  tagSpan(entry, 'http.method', method);
  tagSpan(entry, 'http.status_code', REQUEST_REJECTION_EVENTS[event]);
  tagSpan(entry, 'tyk.event', event);
  if (edge.apiId !== undefined) tagSpan(entry, 'tyk.api_id', edge.apiId);
  return createSegment({
    traceId: edge.sw8.traceId,
    traceSegmentId: edge.sw8.parentSegmentId,
    service: edge.sw8.parentService,
    serviceInstance: edge.sw8.parentServiceInstance,
    spans: [entry],
  });
}
