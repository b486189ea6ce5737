// The model server's error registry: stable codes, their HTTP status and a short sentence.
// Codes are never reused once retired. The table in docs/errors.md is checked against this list in
// test/model/errors-registry-matches-readme.test.ts.
export const MODEL_ERRORS = {
  MODEL_ERR_NO_FILE: { status: 400, error: 'No image in the request: send a raw image/* body or a multipart field "file"' },
  MODEL_ERR_BAD_REQUEST: { status: 400, error: 'The request is malformed' },
  MODEL_ERR_NOT_FOUND: { status: 404, error: 'No such endpoint' },
  MODEL_ERR_BODY_TOO_SLOW: { status: 408, error: 'The request body arrived too slowly' },
  MODEL_ERR_REQUEST_TIMEOUT: { status: 408, error: 'The request was not received in time' },
  MODEL_ERR_TOO_LARGE: { status: 413, error: 'The image is larger than the byte limit' },
  MODEL_ERR_TOO_MANY_PIXELS: { status: 413, error: 'The image has more pixels than the limit' },
  MODEL_ERR_UNSUPPORTED_TYPE: { status: 415, error: 'Not a JPEG, PNG, GIF or WebP image' },
  MODEL_ERR_UNSUPPORTED_ENCODING: { status: 415, error: 'Compressed request bodies are not accepted: send the image bytes as they are' },
  MODEL_ERR_CORRUPT_IMAGE: { status: 422, error: 'The image could not be decoded' },
  MODEL_ERR_HEADERS_TOO_LARGE: { status: 431, error: 'The request headers are too large or too many' },
  MODEL_ERR_NOT_READY: { status: 503, error: 'The model is not loaded yet' },
  MODEL_ERR_BUSY: { status: 503, error: 'The inference queue is full; retry later' },
  MODEL_ERR_SHUTTING_DOWN: { status: 503, error: 'The server is shutting down' },
  MODEL_ERR_INTERNAL: { status: 500, error: 'Internal error in the model server' },
} as const;

export type ModelErrorCode = keyof typeof MODEL_ERRORS;

/** An expected failure, carried as a value up to the one error responder. */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly status: number;
  readonly detail?: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ModelErrorCode, detail?: unknown, headers: Record<string, string> = {}) {
    super(MODEL_ERRORS[code].error);
    this.code = code;
    this.status = MODEL_ERRORS[code].status;
    this.detail = detail;
    this.headers = headers;
  }
}

export interface ErrorBody {
  code: ModelErrorCode;
  error: string;
  detail?: unknown;
  traceId: string | null;
}

/** Anything thrown becomes a body; unknown errors become MODEL_ERR_INTERNAL without their stack. */
export function toErrorBody(err: unknown, traceId: string | null): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (err instanceof ModelError) {
    const body: ErrorBody =
      err.detail !== undefined ? { code: err.code, error: err.message, detail: err.detail, traceId } : { code: err.code, error: err.message, traceId };
    return { status: err.status, body, headers: err.headers };
  }
  return { status: 500, body: { code: 'MODEL_ERR_INTERNAL', error: MODEL_ERRORS.MODEL_ERR_INTERNAL.error, traceId }, headers: {} };
}
