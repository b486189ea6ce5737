// Converts the protobuf messages decoded by the agent's own generated stubs
// (skywalking-backend-js/lib/proto, google-protobuf) into the stored JSON shape.
import type { SegmentObject, SpanObject, SegmentReference, Log } from 'skywalking-backend-js/lib/proto/language-agent/Tracing_pb';
import type { KeyStringValuePair } from 'skywalking-backend-js/lib/proto/common/Common_pb';
import type { LogData } from 'skywalking-backend-js/lib/proto/logging/Logging_pb';
import type { InstanceProperties, InstancePingPkg } from 'skywalking-backend-js/lib/proto/management/Management_pb';
import * as json from '../segment-json';

// An enum value outside the known range (a newer agent) keeps the first name rather than failing the batch.
function name<T extends string>(names: readonly T[], value: number): T {
  return names[value] ?? names[0];
}

function keyValues(list: KeyStringValuePair[]): json.KeyValue[] {
  return list.map((kv) => ({ key: kv.getKey(), value: kv.getValue() }));
}

function ref(r: SegmentReference): json.SegmentRefJson {
  return {
    refType: name(json.REF_TYPES, r.getReftype()),
    traceId: r.getTraceid(),
    parentTraceSegmentId: r.getParenttracesegmentid(),
    parentSpanId: r.getParentspanid(),
    parentService: r.getParentservice(),
    parentServiceInstance: r.getParentserviceinstance(),
    parentEndpoint: r.getParentendpoint(),
    networkAddressUsedAtPeer: r.getNetworkaddressusedatpeer(),
  };
}

function log(l: Log): { time: number; data: json.KeyValue[] } {
  return { time: Number(l.getTime()), data: keyValues(l.getDataList()) };
}

function span(s: SpanObject): json.SpanJson {
  return {
    spanId: s.getSpanid(),
    parentSpanId: s.getParentspanid(),
    startTime: Number(s.getStarttime()),
    endTime: Number(s.getEndtime()),
    refs: s.getRefsList().map(ref),
    operationName: s.getOperationname(),
    peer: s.getPeer(),
    spanType: name(json.SPAN_TYPES, s.getSpantype()),
    spanLayer: name(json.SPAN_LAYERS, s.getSpanlayer()),
    componentId: s.getComponentid(),
    isError: s.getIserror(),
    tags: keyValues(s.getTagsList()),
    logs: s.getLogsList().map(log),
    skipAnalysis: s.getSkipanalysis(),
  };
}

export function segmentFromProto(seg: SegmentObject): json.SegmentJson {
  return {
    traceId: seg.getTraceid(),
    traceSegmentId: seg.getTracesegmentid(),
    spans: seg.getSpansList().map(span),
    service: seg.getService(),
    serviceInstance: seg.getServiceinstance(),
    isSizeLimited: seg.getIssizelimited(),
  };
}

export function logFromProto(l: LogData): json.LogJson {
  const body = l.getBody();
  const out: json.LogJson['body'] = { type: body ? body.getType() : '' };
  if (body?.hasText()) out.text = { text: body.getText()!.getText() };
  if (body?.hasJson()) out.json = { json: body.getJson()!.getJson() };
  if (body?.hasYaml()) out.yaml = { yaml: body.getYaml()!.getYaml() };
  const ctx = l.getTracecontext();
  return {
    timestamp: Number(l.getTimestamp()),
    service: l.getService(),
    serviceInstance: l.getServiceinstance(),
    endpoint: l.getEndpoint(),
    body: out,
    traceContext: ctx ? { traceId: ctx.getTraceid(), traceSegmentId: ctx.getTracesegmentid(), spanId: ctx.getSpanid() } : null,
    tags: l.getTags() ? keyValues(l.getTags()!.getDataList()) : [],
    layer: l.getLayer(),
  };
}

export function instanceFromProto(p: InstanceProperties | InstancePingPkg): json.InstanceReport {
  const report: json.InstanceReport = { service: p.getService(), serviceInstance: p.getServiceinstance(), layer: p.getLayer() };
  if ('getPropertiesList' in p) report.properties = keyValues(p.getPropertiesList());
  return report;
}
