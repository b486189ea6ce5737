/**
 * `sw-edge-trace/trace`: the wire contract, for another gateway integration or a service that
 * receives the edge's headers. The sw8 codec, the edge header names, the edge segment builder and
 * the SkyWalking shapes (segments, spans, refs, logs) as OAP's HTTP API reads them.
 *
 * The modules behind this index are ES5-safe and import nothing outside trace/ (the hooks bundle
 * them into Tyk's JS VMs one by one); this index adds Node's base64 codec, so it alone is left out
 * of the ES5 type check (tsconfig.es5.json).
 */
export { parseSw8, formatSw8, SW8_MAX_LENGTH, type Sw8Context, type Sw8InvalidReason, type Sw8ParseResult } from './sw8';
export type { Base64Codec } from './base64';
export { nodeBase64 } from './platform/node-base64';
export { EDGE_EXIT_SPAN_ID, EDGE_HEADER_PREFIX, EDGE_HEADERS, SW8_HEADER } from './edge-headers';
export { buildEdgeSegment, MIDDLEWARE_OPERATION, type BffSide, type EdgeSide } from './edge-segment';
export { createSegment, segmentToWire, serializeSegments, SEGMENTS_PATH, type Segment, type SegmentInit } from './segment';
export {
  createSpan,
  tagSpan,
  spanToWire,
  SPAN_LAYERS,
  SPAN_TYPES,
  type KeyValue,
  type Span,
  type SpanInit,
  type SpanLayer,
  type SpanLog,
  type SpanType,
} from './span';
export { refFromSw8, segmentRefToWire, REF_TYPES, type RefType, type SegmentRef } from './segment-ref';
export { COMPONENTS, COMPONENT_IDS, componentName, type ComponentKey } from './component-ids';
export { LOGS_PATH, type LogData, type LogDataBody, type LogTraceContext } from './log-data';
export { mintId, mixEntropy } from './ids';
export { escapeToPrintableAscii, isIdText, isPrintableAscii } from './printable-ascii';
