/** The emulator's error answers, in the shape every service of the project uses. */
import type { ServerResponse } from 'node:http';

export const EDGE_ERRORS = {
  EDGE_ERR_NOT_FOUND: { status: 404, error: 'No API listens on this path' },
  EDGE_ERR_FORBIDDEN_PATH: { status: 403, error: 'Requested endpoint is forbidden' },
  EDGE_ERR_KEY_MISSING: { status: 401, error: 'Authorization field missing' },
  EDGE_ERR_KEY_REJECTED: { status: 403, error: 'Access to this API has been disallowed' },
  EDGE_ERR_MIDDLEWARE: { status: 500, error: 'A JSVM middleware failed; like Tyk, the request was not proxied' },
  EDGE_ERR_UPSTREAM: { status: 502, error: 'The upstream (BFF) could not be reached' },
  EDGE_ERR_HEADERS_TOO_LARGE: { status: 431, error: 'The request headers are larger than EDGE_MAX_HEADER_BYTES' },
  EDGE_ERR_TOO_MANY_HEADERS: { status: 431, error: 'The request has more headers than EDGE_MAX_HEADERS' },
  EDGE_ERR_HEADERS_TIMEOUT: { status: 408, error: 'The request headers did not arrive in time' },
  EDGE_ERR_BAD_REQUEST: { status: 400, error: 'The request is not valid HTTP/1.1' },
} as const;

export type EdgeErrorCode = keyof typeof EDGE_ERRORS;

export function sendEdgeError(res: ServerResponse, code: EdgeErrorCode, detail: string, traceId: string | null): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, error } = EDGE_ERRORS[code];
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code, error, detail, traceId }));
}
