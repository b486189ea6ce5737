// Errors Node's HTTP parser raises before a request reaches express (headers too large, malformed
// request line, headersTimeout / requestTimeout expired) answered in our JSON shape instead of Node's
// bare 400/408/431 with an empty body (issue 9 §8). There is no request, so traceId is null.
import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { toErrorBody, ModelError, type ModelErrorCode } from '../errors';

function codeFor(err: NodeJS.ErrnoException): ModelErrorCode {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'MODEL_ERR_HEADERS_TOO_LARGE';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'MODEL_ERR_REQUEST_TIMEOUT';
  return 'MODEL_ERR_BAD_REQUEST';
}

export function answerClientError(err: NodeJS.ErrnoException, socket: Socket, onAnswer: (code: ModelErrorCode) => void): void {
  const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const code = codeFor(err);
  const { status, body } = toErrorBody(new ModelError(code, code === 'MODEL_ERR_BAD_REQUEST' ? { reason: err.code ?? 'parse error' } : undefined), null);
  const json = JSON.stringify(body);
  onAnswer(code);
  socket.end(
    `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}
