/** The emulator's error answers; the sentences are Tyk's own where Tyk answers the same case. */
import type { ServerResponse } from 'node:http';
import { defineErrors, sendError } from '../service-kit/errors';

export const EDGE_ERRORS = defineErrors('EDGE', {
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
  EDGE_ERR_INTERNAL: { status: 500, error: 'Internal error in the edge emulator' },
});

export type EdgeErrorCode = keyof typeof EDGE_ERRORS.specs;

export function sendEdgeError(res: ServerResponse, code: EdgeErrorCode, detail: string | null, traceId: string | null): void {
  sendError(res, EDGE_ERRORS.answerFor(code, { detail, traceId }));
}
