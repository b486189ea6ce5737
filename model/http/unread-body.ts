// What to do with a request body we answer without reading (busy, not ready, too large, …).
//
// Closing the connection at once is right when the rest may be huge (we stopped at the byte limit,
// or the declared length is over it): we will not read it. But a client such as got writes the
// whole body before it reads the answer; on a closed socket it sees EPIPE instead of our 503 and
// its Retry-After. So a body within the limit is left to Node, which discards it after the answer
// and keeps the connection alive.
import type { Request } from 'express';

const abandoned = new WeakSet<Request>();

/** Marks a request whose body we stopped reading on purpose (byte limit). */
export function abandonBody(req: Request): void {
  abandoned.add(req);
}

export function mustCloseAfterAnswer(req: Request, maxBytes: number): boolean {
  if (req.complete) return false;
  if (abandoned.has(req)) return true;
  const declared = Number(req.headers['content-length']);
  // chunked (no length) or over the limit: unbounded work to drain it
  return !(Number.isFinite(declared) && declared <= maxBytes + 64 * 1024);
}
