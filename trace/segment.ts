/**
 * SegmentObject (skywalking-data-collect-protocol `language-agent/Tracing.proto`): the spans one
 * process made for one trace. `POST /v3/segments` takes a JSON array of these. OAP validates
 * nothing but drops a segment without spans.
 *
 * ES5-safe: type-checked against lib ES5 (tsconfig.es5.json).
 */
import { spanToWire } from './span';
import type { Span } from './span';

export const SEGMENTS_PATH = '/v3/segments';

export interface Segment {
  traceId: string;
  traceSegmentId: string;
  spans: Span[];
  service: string;
  serviceInstance: string;
  isSizeLimited: boolean;
}

export interface SegmentInit {
  traceId: string;
  traceSegmentId: string;
  service: string;
  serviceInstance: string;
  spans?: Span[];
}

export function createSegment(init: SegmentInit): Segment {
  return {
    traceId: init.traceId,
    traceSegmentId: init.traceSegmentId,
    spans: init.spans ? init.spans.slice() : [],
    service: init.service,
    serviceInstance: init.serviceInstance,
    isSizeLimited: false,
  };
}

/** The `/v3/segments` JSON of one segment: a fresh object, fields in protocol order, spans by id. */
export function segmentToWire(segment: Segment): Segment {
  const spans = segment.spans.slice().sort(function (a, b) {
    return a.spanId - b.spanId;
  });
  const wire: Span[] = [];
  for (let i = 0; i < spans.length; i++) wire.push(spanToWire(spans[i]));
  return {
    traceId: segment.traceId,
    traceSegmentId: segment.traceSegmentId,
    spans: wire,
    service: segment.service,
    serviceInstance: segment.serviceInstance,
    isSizeLimited: segment.isSizeLimited,
  };
}

/** The body of `POST /v3/segments`: a JSON array of SegmentObject (protobuf-JSON, enums by name). */
/** One SegmentObject as it sits in that array: what a reporter queues while OAP is away. */
export function encodeSegment(segment: Segment): string {
  return JSON.stringify(segmentToWire(segment));
}

export function serializeSegments(segments: Segment[]): string {
  const wire: Segment[] = [];
  for (let i = 0; i < segments.length; i++) wire.push(segmentToWire(segments[i]));
  return JSON.stringify(wire);
}
