/**
 * The body our webhook template (deploy/tyk/templates/) makes Tyk send, as JSON:
 *
 *   {"event":"AuthFailure","path":"/keyed/x","origin":"10.0.0.7","time":"<Go time>","request":"<base64>"}
 *   {"event":"BreakerTriggered","path":"/x","api":"keyed-api","time":"<Go time>","message":"Breaker Tripped"}
 *
 * Every value went through Go's html/template, so it is unescaped first (`&#43;` → `+`, also
 * inside the base64). Never a presented key: the template does not ask for `.Meta.Key`.
 * Returns the event or the reason it is unusable, never throws.
 */
import { unescapeGoHtml } from './html-unescape';
import { parseGoTime } from './go-time';
import { decodeWireRequest, type WireRequest } from './wire-request';
import { BREAKER_EVENT, isRequestRejection, type RequestRejectionEvent } from './tyk-events';

export type DecodedEvent =
  | { kind: 'request'; event: RequestRejectionEvent; at: number; path: string; request: WireRequest }
  | { kind: 'breaker'; at: number; path: string; apiId: string; message: string };

export type DecodeResult = { ok: true; value: DecodedEvent } | { ok: false; event: string | undefined; detail: string };

const MAX_FIELD = 8192;

function field(body: Record<string, unknown>, name: string, maxLength = MAX_FIELD): string | undefined {
  const value = body[name];
  if (typeof value !== 'string' || value.length > maxLength) return undefined;
  return unescapeGoHtml(value);
}

export function decodeRejectedEvent(text: string): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, event: undefined, detail: 'the body is not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, event: undefined, detail: 'the body is not a JSON object' };
  const body = parsed as Record<string, unknown>;
  const event = field(body, 'event', 64);
  if (event === undefined) return { ok: false, event: undefined, detail: 'event: missing or not a string' };
  const known = isRequestRejection(event) || event === BREAKER_EVENT;
  const fail = (detail: string): DecodeResult => ({ ok: false, event: known ? event : undefined, detail });
  if (!known) return fail(`event: ${JSON.stringify(event.slice(0, 40))} is not a rejection event Tyk fires`);
  const time = field(body, 'time', 128);
  const at = time === undefined ? undefined : parseGoTime(time);
  if (at === undefined) return fail("time: missing or not Go's time.String() format");
  const path = field(body, 'path') ?? '';
  if (event === BREAKER_EVENT)
    return { ok: true, value: { kind: 'breaker', at, path, apiId: field(body, 'api', 256) ?? '', message: field(body, 'message', 256) ?? '' } };
  const raw = body.request;
  if (typeof raw !== 'string') return fail('request: missing or not a string');
  const request = decodeWireRequest(unescapeGoHtml(raw));
  if (!request.ok) return fail(`request: ${request.detail}`);
  return { ok: true, value: { kind: 'request', event, at, path, request: request.request } };
}
