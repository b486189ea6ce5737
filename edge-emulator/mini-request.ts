/**
 * Tyk's MiniRequestObject (gateway/mw_js_plugin.go) built from a Node request, and the gateway's
 * way of applying the hook's answer to the outgoing headers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { TykRequest } from '../tyk-middleware/tyk-contract';

/** Go's textproto.CanonicalMIMEHeaderKey for the names HTTP allows: `x-sw-edge-start` → `X-Sw-Edge-Start`. */
export function canonicalHeaderName(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

export function buildMiniRequest(method: string, requestUri: string, headers: IncomingHttpHeaders): TykRequest {
  const canonical: { [name: string]: string[] } = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    canonical[canonicalHeaderName(name)] = Array.isArray(value) ? value : [value];
  }
  const params: { [name: string]: string[] } = {};
  const query = requestUri.indexOf('?');
  if (query !== -1) {
    for (const [key, value] of new URLSearchParams(requestUri.slice(query + 1))) (params[key] ??= []).push(value);
  }
  return {
    Headers: canonical,
    SetHeaders: {},
    DeleteHeaders: [],
    // The emulator streams bodies to the upstream instead of pasting them in; see jsvm.ts.
    Body: '',
    URL: requestUri,
    Params: params,
    AddParams: {},
    ExtendedParams: {},
    DeleteParams: [],
    ReturnOverrides: { ResponseCode: 0, ResponseError: '', ResponseBody: '', ResponseHeaders: {}, OverrideError: false },
    IgnoreBody: false,
    Method: method,
    RequestURI: requestUri,
    Scheme: 'http',
  };
}

/** DeleteHeaders first, then SetHeaders, as the gateway applies them (names are case-insensitive). */
export function applyHeaderEdits(headers: { [name: string]: string | string[] }, edits: Pick<TykRequest, 'DeleteHeaders' | 'SetHeaders'>): void {
  const remove = (name: string) => {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  };
  for (const name of edits.DeleteHeaders ?? []) remove(String(name));
  for (const [name, value] of Object.entries(edits.SetHeaders ?? {})) {
    remove(name);
    headers[name.toLowerCase()] = String(value);
  }
}
