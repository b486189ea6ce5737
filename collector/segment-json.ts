// The stored shape of a trace segment: OAP's protobuf-JSON of skywalking.v3.SegmentObject
// (language-agent/Tracing.proto, the body of `POST /v3/segments`), with every field present,
// enums by NAME and int64 times as numbers (epoch ms). Segments that came in by gRPC are
// converted to exactly this shape, so tests and tools never care how a segment arrived.

import type { RefType, SegmentRef } from '../trace/segment-ref';
import type { Segment } from '../trace/segment';
import type { KeyValue, Span, SpanLayer, SpanType } from '../trace/span';

export type { KeyValue, SpanLog, SpanLayer, SpanType } from '../trace/span';
export type { RefType } from '../trace/segment-ref';

// The proto's enum values, in order, for converting numbers to the names trace/ uses.
export const SPAN_TYPES: readonly SpanType[] = ['Entry', 'Exit', 'Local'];
export const SPAN_LAYERS: readonly SpanLayer[] = ['Unknown', 'Database', 'RPCFramework', 'Http', 'MQ', 'Cache', 'FAAS'];
export const REF_TYPES: readonly RefType[] = ['CrossProcess', 'CrossThread'];

/** The wire shapes of trace/ (what our BFF reports), which every stored segment is normalised to. */
export type SegmentRefJson = SegmentRef;
export type SpanJson = Span;
export type SegmentJson = Segment;

/** skywalking.v3.LogData (logging/Logging.proto), the body items of `POST /v3/logs`. */
export interface LogJson {
  timestamp: number;
  service: string;
  serviceInstance: string;
  endpoint: string;
  body: { type: string; text?: { text: string }; json?: { json: string }; yaml?: { yaml: string } };
  traceContext: { traceId: string; traceSegmentId: string; spanId: number } | null;
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
