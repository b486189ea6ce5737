/**
 * Node caps the number of headers it parses (`server.maxHeadersCount`) by silently dropping the
 * rest. Parsing one more than the limit lets us see that a request went over it and refuse it
 * with 431, as Envoy does past `max_headers_count` (default 100), instead of serving it with
 * headers missing.
 */
import type { IncomingMessage, Server } from 'node:http';

export function capHeaderCount(server: Server, maxHeaders: number): void {
  server.maxHeadersCount = maxHeaders + 1;
}

export function hasTooManyHeaders(req: IncomingMessage, maxHeaders: number): boolean {
  return req.rawHeaders.length / 2 > maxHeaders;
}
