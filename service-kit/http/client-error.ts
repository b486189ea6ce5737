/**
 * Answers the requests Node's HTTP parser refuses before any handler runs, in the project's error
 * shape instead of Node's bare `400`/`431` with an empty body (issue 9 §8). Node emits
 * 'clientError' for them and, once a listener exists, writes nothing itself: the answer goes on
 * the raw socket, then the connection closes (the parser's state is lost). As Node's own default:
 * nothing is written on a reset socket or when a response already started on it.
 * Every service answers them this way, each with its own codes.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorAnswer } from '../errors';

/** What went wrong, as Node's parser reports it. */
export type ClientErrorKind = 'headersTooLarge' | 'headersTimeout' | 'badRequest';

export function clientErrorKind(err: NodeJS.ErrnoException): ClientErrorKind {
  if (err.code === 'HPE_HEADER_OVERFLOW') return 'headersTooLarge';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'headersTimeout';
  return 'badRequest';
}

export function rawJsonResponse(answer: ErrorAnswer): string {
  const body = JSON.stringify(answer.body);
  return (
    `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status] ?? ''}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

export function answerClientErrors(
  server: http.Server,
  /** Called only when an answer can still be written. */
  answer: (kind: ClientErrorKind, err: NodeJS.ErrnoException) => ErrorAnswer,
  onError?: (kind: ClientErrorKind, err: NodeJS.ErrnoException) => void,
): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex & { _httpMessage?: unknown }) => {
    const kind = clientErrorKind(err);
    onError?.(kind, err);
    if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage) {
      socket.destroy();
      return;
    }
    socket.end(rawJsonResponse(answer(kind, err)));
    // A client that never reads its answer must not hold the socket open.
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}
