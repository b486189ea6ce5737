/**
 * Tyk's `OriginatingRequest`: base64 of the request as Go's `(*http.Request).Write` puts it on the
 * wire when the gateway refused it (request line, headers, blank line, body). Only the request
 * line and the headers are read; the body (a rejected upload's bytes) is never looked at.
 * Header names come back lowercase, as Node presents them, so the BFF's edge-header reader
 * takes them unchanged.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface WireRequest {
  method: string;
  target: string;
  headers: IncomingHttpHeaders;
}

export type WireRequestResult = { ok: true; request: WireRequest } | { ok: false; detail: string };

/** Generous for any real request head, small enough to bound the work on a hostile one. */
export const MAX_HEAD_BYTES = 64 * 1024;
export const MAX_HEADERS = 200;

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const REQUEST_LINE = /^([A-Z]{1,20}) (\S{1,8192}) HTTP\/1\.[01]$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}):[ \t]*(.*?)[ \t]*$/;

export function decodeWireRequest(base64: string): WireRequestResult {
  if (base64 === '' || base64.length % 4 !== 0 || !STANDARD_BASE64.test(base64)) return { ok: false, detail: 'request is not standard base64' };
  // Decode only what can hold the head: 4 base64 characters per 3 bytes.
  const prefix = base64.slice(0, Math.ceil((MAX_HEAD_BYTES + 4) / 3) * 4);
  const bytes = Buffer.from(prefix, 'base64').toString('latin1');
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0 || end > MAX_HEAD_BYTES) return { ok: false, detail: `request has no end of headers within ${MAX_HEAD_BYTES} bytes` };
  const lines = bytes.slice(0, end).split('\r\n');
  const line = REQUEST_LINE.exec(lines[0]);
  if (!line) return { ok: false, detail: 'request does not start with an HTTP/1.x request line' };
  if (lines.length - 1 > MAX_HEADERS) return { ok: false, detail: `request has more than ${MAX_HEADERS} headers` };
  const headers: IncomingHttpHeaders = {};
  for (const text of lines.slice(1)) {
    const header = HEADER_LINE.exec(text);
    if (!header) return { ok: false, detail: 'request has a malformed header line' };
    const name = header[1].toLowerCase();
    const previous = headers[name];
    if (previous === undefined) headers[name] = header[2];
    else headers[name] = ([] as string[]).concat(previous, header[2]);
  }
  return { ok: true, request: { method: line[1], target: line[2], headers } };
}
