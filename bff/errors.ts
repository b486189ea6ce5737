/**
 * The BFF's error registry: every answer that is not a success carries one of these codes, with
 * this status. Codes are stable; a retired code is never reused. The error table in docs/errors.md is
 * checked against this object by test/bff/error-registry-matches-readme.test.ts.
 */
export const BFF_ERRORS = {
  BFF_ERR_NOT_MULTIPART: { status: 415, error: 'The request must be multipart/form-data with a file field "image".' },
  BFF_ERR_BAD_MULTIPART: { status: 400, error: 'The multipart body could not be parsed.' },
  BFF_ERR_NO_IMAGE: { status: 400, error: 'No file in the multipart field "image".' },
  BFF_ERR_WRONG_FIELD: { status: 400, error: 'The file must be sent in the multipart field "image".' },
  BFF_ERR_EXTRA_FILE: { status: 400, error: 'Only one file, in the field "image", is accepted.' },
  BFF_ERR_EMPTY_IMAGE: { status: 400, error: 'The uploaded image is empty.' },
  BFF_ERR_TOO_LARGE: { status: 413, error: 'The image is larger than the upload limit.' },
  BFF_ERR_UNSUPPORTED_TYPE: { status: 415, error: 'The file is not a JPEG, PNG, GIF or WebP image.' },
  BFF_ERR_UNSUPPORTED_ENCODING: { status: 415, error: 'The upload has a Content-Encoding the BFF does not decode; send it unencoded (identity).' },
  BFF_ERR_HEADERS_TOO_LARGE: { status: 431, error: 'The request headers are larger than BFF_MAX_HEADER_BYTES.' },
  BFF_ERR_TOO_MANY_HEADERS: { status: 431, error: 'The request has more headers than BFF_MAX_HEADERS.' },
  BFF_ERR_HEADERS_TIMEOUT: { status: 408, error: 'The request headers did not arrive within BFF_HEADERS_TIMEOUT_MS.' },
  BFF_ERR_BAD_REQUEST: { status: 400, error: 'The request is not valid HTTP/1.1.' },
  BFF_ERR_MODEL_REJECTED: { status: 400, error: 'The model server rejected the image.' },
  BFF_ERR_MODEL_UNAVAILABLE: { status: 503, error: 'The model server is overloaded or starting; retry later.' },
  BFF_ERR_MODEL_FAILED: { status: 502, error: 'The model server failed.' },
  BFF_ERR_MODEL_TIMEOUT: { status: 504, error: 'The model server did not answer in time.' },
  BFF_ERR_MODEL_DOWN: { status: 503, error: 'The model server cannot be reached; retry later.' },
  BFF_ERR_NOT_READY: { status: 503, error: 'The BFF is not ready: the model server cannot be reached.' },
  BFF_ERR_SHUTTING_DOWN: { status: 503, error: 'The BFF is shutting down; retry on another instance.' },
  BFF_ERR_NOT_FOUND: { status: 404, error: 'No such route.' },
  BFF_ERR_EDGE_DISABLED: { status: 403, error: 'Rejected-request webhooks are off: EDGE_SHARED_SECRET is not set.' },
  BFF_ERR_EDGE_FORBIDDEN: { status: 403, error: 'The webhook has no x-sw-edge-key or a wrong one.' },
  BFF_ERR_EDGE_TOO_LARGE: { status: 413, error: 'The webhook body is larger than EDGE_REJECTED_MAX_BYTES.' },
  BFF_ERR_EDGE_BAD_EVENT: { status: 400, error: 'The webhook body is not a rejection event of our template.' },
  BFF_ERR_EDGE_UNTRUSTED: { status: 422, error: "The rejected request's edge headers are missing, invalid or implausible." },
  BFF_ERR_EDGE_REPLAYED: { status: 409, error: 'This rejected request was already traced.' },
  BFF_ERR_INTERNAL: { status: 500, error: 'Internal error in the BFF.' },
} as const;

export type BffErrorCode = keyof typeof BFF_ERRORS;

/** The shared error body of every service (docs/errors.md). */
export interface ErrorBody {
  code: string;
  error: string;
  detail?: unknown;
  traceId: string | null;
}

export class BffError extends Error {
  readonly code: BffErrorCode;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;

  constructor(code: BffErrorCode, options: { detail?: unknown; status?: number; headers?: Record<string, string> } = {}) {
    super(BFF_ERRORS[code].error);
    this.name = 'BffError';
    this.code = code;
    this.status = options.status ?? BFF_ERRORS[code].status;
    this.detail = options.detail;
    this.headers = options.headers ?? {};
  }

  body(traceId: string | null): ErrorBody {
    // Key order as docs/errors.md writes it: {code, error, detail, traceId}; every key always present.
    return { code: this.code, error: this.message, detail: this.detail ?? null, traceId };
  }
}

export function isBffError(value: unknown): value is BffError {
  return value instanceof BffError;
}
