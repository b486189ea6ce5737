/**
 * SpanObject (skywalking-data-collect-protocol `language-agent/Tracing.proto`) as OAP's HTTP API
 * reads it (`POST /v3/segments`, protobuf-JSON): lowerCamelCase, enums by name, times as numbers
 * (epoch ms). OAP requires `peer` on Exit spans and a span 0 with `parentSpanId: -1`.
 *
 * ES5-safe: type-checked against lib ES5 (tsconfig.es5.json).
 */
import { segmentRefToWire } from './segment-ref';
import type { SegmentRef } from './segment-ref';

export type SpanType = 'Entry' | 'Exit' | 'Local';
export type SpanLayer = 'Unknown' | 'Database' | 'RPCFramework' | 'Http' | 'MQ' | 'Cache' | 'FAAS';

// The proto's enum values in number order (index = number), for readers of protobuf (gRPC, or
// protobuf-JSON that sends numbers) that must turn a number into the name this module uses.
export const SPAN_TYPES: readonly SpanType[] = ['Entry', 'Exit', 'Local'];
export const SPAN_LAYERS: readonly SpanLayer[] = ['Unknown', 'Database', 'RPCFramework', 'Http', 'MQ', 'Cache', 'FAAS'];

export interface KeyValue {
  key: string;
  value: string;
}

export interface SpanLog {
  time: number;
  data: KeyValue[];
}

export interface Span {
  spanId: number;
  parentSpanId: number;
  startTime: number;
  endTime: number;
  refs: SegmentRef[];
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

export interface SpanInit {
  spanId: number;
  /** -1 for span 0. */
  parentSpanId: number;
  spanType: SpanType;
  operationName: string;
  startTime: number;
  endTime: number;
  spanLayer?: SpanLayer;
  componentId?: number;
  /** Required by OAP for Exit spans; empty for the others. */
  peer?: string;
  refs?: SegmentRef[];
  isError?: boolean;
}

export function createSpan(init: SpanInit): Span {
  return {
    spanId: init.spanId,
    parentSpanId: init.parentSpanId,
    startTime: init.startTime,
    endTime: init.endTime,
    refs: init.refs ? init.refs.slice() : [],
    operationName: init.operationName,
    peer: init.peer === undefined ? '' : init.peer,
    spanType: init.spanType,
    spanLayer: init.spanLayer === undefined ? 'Unknown' : init.spanLayer,
    componentId: init.componentId === undefined ? 0 : init.componentId,
    isError: init.isError === true,
    tags: [],
    logs: [],
    skipAnalysis: false,
  };
}

/** Appends a tag; OAP reads tag values as strings. */
export function tagSpan(span: Span, key: string, value: string | number): Span {
  span.tags.push({ key: key, value: String(value) });
  return span;
}

function copyKeyValues(list: KeyValue[]): KeyValue[] {
  const out: KeyValue[] = [];
  for (let i = 0; i < list.length; i++) out.push({ key: list[i].key, value: list[i].value });
  return out;
}

/** The `/v3/segments` JSON of one span: a fresh object, fields in protocol order. */
export function spanToWire(span: Span): Span {
  const refs: SegmentRef[] = [];
  for (let i = 0; i < span.refs.length; i++) refs.push(segmentRefToWire(span.refs[i]));
  const logs: SpanLog[] = [];
  for (let i = 0; i < span.logs.length; i++) logs.push({ time: span.logs[i].time, data: copyKeyValues(span.logs[i].data) });
  return {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    refs: refs,
    operationName: span.operationName,
    peer: span.peer,
    spanType: span.spanType,
    spanLayer: span.spanLayer,
    componentId: span.componentId,
    isError: span.isError,
    tags: copyKeyValues(span.tags),
    logs: logs,
    skipAnalysis: span.skipAnalysis,
  };
}
