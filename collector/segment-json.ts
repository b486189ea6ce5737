// The stored shape of a trace segment: OAP's protobuf-JSON of skywalking.v3.SegmentObject
// (language-agent/Tracing.proto, the body of `POST /v3/segments`), with every field present,
// enums by NAME and int64 times as numbers (epoch ms). Segments that came in by gRPC are
// converted to exactly this shape, so tests and tools never care how a segment arrived.

import type { SegmentRef } from '../trace/segment-ref';
import type { Segment } from '../trace/segment';
import type { KeyValue, Span } from '../trace/span';
import type { LogDataBody, LogTraceContext } from '../trace/log-data';

export type { KeyValue, SpanLog, SpanLayer, SpanType } from '../trace/span';
export type { RefType } from '../trace/segment-ref';
// The proto's enum orders live with the types they name.
export { SPAN_LAYERS, SPAN_TYPES } from '../trace/span';
export { REF_TYPES } from '../trace/segment-ref';

/** The wire shapes of trace/ (what our BFF reports), which every stored segment is normalised to. */
export type SegmentRefJson = SegmentRef;
export type SpanJson = Span;
export type SegmentJson = Segment;

/** A stored log: trace/log-data.ts's LogData with every field present and the tags flattened. */
export interface LogJson {
  timestamp: number;
  service: string;
  serviceInstance: string;
  endpoint: string;
  body: LogDataBody;
  traceContext: LogTraceContext | null;
  tags: KeyValue[];
  layer: string;
}

/** skywalking.v3.InstanceProperties / InstancePingPkg (management/Management.proto). */
export interface InstanceReport {
  service: string;
  serviceInstance: string;
  layer: string;
  properties?: KeyValue[];
}

/** What `GET /api/traces/:traceId` answers. */
export interface TraceView {
  traceId: string;
  segments: SegmentJson[];
  logs: LogJson[];
}
