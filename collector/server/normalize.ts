// Reads protobuf-JSON (what OAP's REST receiver takes) into the stored shape of segment-json.ts.
// Proto3 JSON mapping (https://protobuf.dev/programming-guides/json/): fields may be missing
// (default value), enums come as NAME or number, int64 as a number or a decimal string, and the
// parser also accepts the proto field name. SkyWalking's field names are already lowerCamelCase,
// so only enum and int64 leniency matters here. Unknown fields are ignored, as OAP's
// ProtoBufJsonUtils.fromJSON does (ignoringUnknownFields). Returns a value or a reason; never throws.
import {
  REF_TYPES,
  SPAN_LAYERS,
  SPAN_TYPES,
  type InstanceReport,
  type KeyValue,
  type LogJson,
  type SegmentJson,
  type SegmentRefJson,
  type SpanJson,
  type SpanLog,
} from '../segment-json';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

class FieldError extends Error {}

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new FieldError(`${path}: ${what}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return typeof v === 'object' ? 'an object' : String(v);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function optObj(v: unknown, path: string): Obj | undefined {
  return v === undefined || v === null ? undefined : obj(v, path);
}

function str(o: Obj, key: string, path: string, required = false): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) fail(`${path}.${key}`, 'is required');
    return '';
  }
  if (typeof v !== 'string') fail(`${path}.${key}`, `expected a string, got ${describe(v)}`);
  if (required && v === '') fail(`${path}.${key}`, 'must not be empty');
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') fail(`${path}.${key}`, `expected true or false, got ${describe(v)}`);
  return v;
}

const INT_STRING = /^-?\d{1,19}$/;

/** int32/int64 as a JSON number or a decimal string (proto3 JSON writes int64 as strings). */
function int(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && INT_STRING.test(v)) n = Number(v);
  else fail(`${path}.${key}`, `expected an integer, got ${describe(v)}`);
  if (!Number.isSafeInteger(n)) fail(`${path}.${key}`, `expected an integer, got ${describe(v)}`);
  return n;
}

function enumOf<T extends string>(names: readonly T[], o: Obj, key: string, path: string): T {
  const v = o[key];
  if (v === undefined || v === null) return names[0];
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < names.length) return names[v];
  if (typeof v === 'string') {
    const byName = names.find((n) => n === v);
    if (byName) return byName;
  }
  // Stricter than OAP on purpose: OAP's parser ignores unknown fields AND unknown enum names, so a
  // misspelt "HTTP" or "Server" would silently become the default (Unknown / Entry) there.
  fail(`${path}.${key}`, `expected one of ${names.join(', ')} (or 0..${names.length - 1}), got ${describe(v)}; names are case-sensitive`);
}

function list<T>(o: Obj, key: string, path: string, each: (item: unknown, itemPath: string) => T): T[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(`${path}.${key}`, `expected an array, got ${describe(v)}`);
  return v.map((item, i) => each(item, `${path}.${key}[${i}]`));
}

function keyValue(item: unknown, path: string): KeyValue {
  const o = obj(item, path);
  return { key: str(o, 'key', path), value: str(o, 'value', path) };
}

function spanLog(item: unknown, path: string): SpanLog {
  const o = obj(item, path);
  return { time: int(o, 'time', path), data: list(o, 'data', path, keyValue) };
}

function segmentRef(item: unknown, path: string): SegmentRefJson {
  const o = obj(item, path);
  return {
    refType: enumOf(REF_TYPES, o, 'refType', path),
    traceId: str(o, 'traceId', path),
    parentTraceSegmentId: str(o, 'parentTraceSegmentId', path),
    parentSpanId: int(o, 'parentSpanId', path),
    parentService: str(o, 'parentService', path),
    parentServiceInstance: str(o, 'parentServiceInstance', path),
    parentEndpoint: str(o, 'parentEndpoint', path),
    networkAddressUsedAtPeer: str(o, 'networkAddressUsedAtPeer', path),
  };
}

function span(item: unknown, path: string): SpanJson {
  const o = obj(item, path);
  return {
    spanId: int(o, 'spanId', path),
    parentSpanId: int(o, 'parentSpanId', path),
    startTime: int(o, 'startTime', path),
    endTime: int(o, 'endTime', path),
    refs: list(o, 'refs', path, segmentRef),
    operationName: str(o, 'operationName', path),
    peer: str(o, 'peer', path),
    spanType: enumOf(SPAN_TYPES, o, 'spanType', path),
    spanLayer: enumOf(SPAN_LAYERS, o, 'spanLayer', path),
    componentId: int(o, 'componentId', path),
    isError: bool(o, 'isError', path),
    tags: list(o, 'tags', path, keyValue),
    logs: list(o, 'logs', path, spanLog),
    skipAnalysis: bool(o, 'skipAnalysis', path),
  };
}

function segment(item: unknown, path: string): SegmentJson {
  const o = obj(item, path);
  return {
    traceId: str(o, 'traceId', path, true),
    traceSegmentId: str(o, 'traceSegmentId', path, true),
    spans: list(o, 'spans', path, span),
    service: str(o, 'service', path),
    serviceInstance: str(o, 'serviceInstance', path),
    isSizeLimited: bool(o, 'isSizeLimited', path),
  };
}

function logData(item: unknown, path: string): LogJson {
  const o = obj(item, path);
  const bodyIn = optObj(o.body, `${path}.body`);
  const body: LogJson['body'] = { type: bodyIn ? str(bodyIn, 'type', `${path}.body`) : '' };
  if (bodyIn) {
    const text = optObj(bodyIn.text, `${path}.body.text`);
    const json = optObj(bodyIn.json, `${path}.body.json`);
    const yaml = optObj(bodyIn.yaml, `${path}.body.yaml`);
    if (text) body.text = { text: str(text, 'text', `${path}.body.text`) };
    if (json) body.json = { json: str(json, 'json', `${path}.body.json`) };
    if (yaml) body.yaml = { yaml: str(yaml, 'yaml', `${path}.body.yaml`) };
  }
  const ctx = optObj(o.traceContext, `${path}.traceContext`);
  const tags = optObj(o.tags, `${path}.tags`);
  return {
    timestamp: int(o, 'timestamp', path),
    service: str(o, 'service', path, true),
    serviceInstance: str(o, 'serviceInstance', path),
    endpoint: str(o, 'endpoint', path),
    body,
    traceContext: ctx
      ? {
          traceId: str(ctx, 'traceId', `${path}.traceContext`),
          traceSegmentId: str(ctx, 'traceSegmentId', `${path}.traceContext`),
          spanId: int(ctx, 'spanId', `${path}.traceContext`),
        }
      : null,
    tags: tags ? list(tags, 'data', `${path}.tags`, keyValue) : [],
    layer: str(o, 'layer', path),
  };
}

function instanceReport(item: unknown, path: string, withProperties: boolean): InstanceReport {
  const o = obj(item, path);
  const report: InstanceReport = {
    service: str(o, 'service', path, true),
    serviceInstance: str(o, 'serviceInstance', path, true),
    layer: str(o, 'layer', path),
  };
  if (withProperties) report.properties = list(o, 'properties', path, keyValue);
  return report;
}

function attempt<T>(read: () => T): Parsed<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, reason: err.message };
    return { ok: false, reason: `unreadable payload: ${(err as Error).message}` };
  }
}

/** `POST /v3/segment` body: one SegmentObject. */
export function parseSegment(body: unknown): Parsed<SegmentJson> {
  return attempt(() => segment(body, 'segment'));
}

/** `POST /v3/segments` body: an array of SegmentObject (one bad item rejects the batch, as a protobuf parse would). */
export function parseSegments(body: unknown): Parsed<SegmentJson[]> {
  return attempt(() => {
    if (!Array.isArray(body)) fail('segments', `expected an array, got ${describe(body)}`);
    return body.map((item, i) => segment(item, `segments[${i}]`));
  });
}

/** `POST /v3/logs` body: an array of LogData (a single object is accepted too). */
export function parseLogs(body: unknown): Parsed<LogJson[]> {
  return attempt(() => {
    const items = Array.isArray(body) ? body : [body];
    return items.map((item, i) => logData(item, `logs[${i}]`));
  });
}

export function parseInstanceProperties(body: unknown): Parsed<InstanceReport> {
  return attempt(() => instanceReport(body, 'properties', true));
}

export function parseInstancePing(body: unknown): Parsed<InstanceReport> {
  return attempt(() => instanceReport(body, 'ping', false));
}
