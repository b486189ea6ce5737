// The stored shape of a trace segment: OAP's protobuf-JSON of skywalking.v3.SegmentObject
// (language-agent/Tracing.proto, the body of `POST /v3/segments`), with every field present,
// enums by NAME and int64 times as numbers (epoch ms). Segments that came in by gRPC are
// converted to exactly this shape, so tests and tools never care how a segment arrived.

export const SPAN_TYPES = ['Entry', 'Exit', 'Local'] as const; // proto values 0, 1, 2
export const SPAN_LAYERS = ['Unknown', 'Database', 'RPCFramework', 'Http', 'MQ', 'Cache', 'FAAS'] as const; // 0..6
export const REF_TYPES = ['CrossProcess', 'CrossThread'] as const; // 0, 1

export type SpanType = (typeof SPAN_TYPES)[number];
export type SpanLayer = (typeof SPAN_LAYERS)[number];
export type RefType = (typeof REF_TYPES)[number];

export interface KeyValue {
  key: string;
  value: string;
}

export interface SpanLog {
  time: number;
  data: KeyValue[];
}

export interface SegmentRefJson {
  refType: RefType;
  traceId: string;
  parentTraceSegmentId: string;
  parentSpanId: number;
  parentService: string;
  parentServiceInstance: string;
  parentEndpoint: string;
  networkAddressUsedAtPeer: string;
}

export interface SpanJson {
  spanId: number;
  parentSpanId: number;
  startTime: number;
  endTime: number;
  refs: SegmentRefJson[];
  operationName: string;
  peer: string;
  spanType: SpanType;
  spanLayer: SpanLayer;
  componentId: number;
  isError: boolean;
  tags: KeyValue[];
  logs: SpanLog[];
  skipAnalysis: boolean;
}

export interface SegmentJson {
  traceId: string;
  traceSegmentId: string;
  spans: SpanJson[];
  service: string;
  serviceInstance: string;
  isSizeLimited: boolean;
}

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
