/** The model server's error registry: every answer that is not a success carries one of these codes. */
import { defineErrors, type ServiceError } from '../service-kit/errors';

export const MODEL_ERRORS = defineErrors('MODEL', {
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
});

export type ModelErrorCode = keyof typeof MODEL_ERRORS.specs;
export const ModelError = MODEL_ERRORS.Error;
export type ModelError = ServiceError<ModelErrorCode>;
