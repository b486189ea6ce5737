/**
 * SegmentReference (skywalking-data-collect-protocol `language-agent/Tracing.proto`): how a
 * segment names the exit span of its caller. OAP links the trace through
 * `parentTraceSegmentId + "S" + parentSpanId`, and aliases `networkAddressUsedAtPeer` to this
 * segment's service; so every field is copied from the caller's sw8, unchanged.
 *
 * ES5-safe: type-checked against lib ES5 (tsconfig.es5.json).
 */
import type { Sw8Context } from './sw8';

/** Enum by name, as OAP's protobuf-JSON reads it. */
export type RefType = 'CrossProcess' | 'CrossThread';

/** The proto's enum values in number order (index = number). */
export const REF_TYPES: readonly RefType[] = ['CrossProcess', 'CrossThread'];

export interface SegmentRef {
  refType: RefType;
  traceId: string;
  parentTraceSegmentId: string;
  parentSpanId: number;
  parentService: string;
  parentServiceInstance: string;
  parentEndpoint: string;
  networkAddressUsedAtPeer: string;
}

/** The ref a callee writes for the caller that sent it this sw8. */
export function refFromSw8(context: Sw8Context): SegmentRef {
  return {
    refType: 'CrossProcess',
    traceId: context.traceId,
    parentTraceSegmentId: context.parentSegmentId,
    parentSpanId: context.parentSpanId,
    parentService: context.parentService,
    parentServiceInstance: context.parentServiceInstance,
    parentEndpoint: context.parentEndpoint,
    networkAddressUsedAtPeer: context.networkAddressUsedAtPeer,
  };
}

/** The `/v3/segments` JSON of one ref: a fresh object, fields in protocol order. */
export function segmentRefToWire(ref: SegmentRef): SegmentRef {
  return {
    refType: ref.refType,
    traceId: ref.traceId,
    parentTraceSegmentId: ref.parentTraceSegmentId,
    parentSpanId: ref.parentSpanId,
    parentService: ref.parentService,
    parentServiceInstance: ref.parentServiceInstance,
    parentEndpoint: ref.parentEndpoint,
    networkAddressUsedAtPeer: ref.networkAddressUsedAtPeer,
  };
}
