// What to do with a request body we answer without reading (busy, not ready, wrong type, …).
//
// A client such as got writes the whole body before it reads the answer; if we close the socket it
// sees EPIPE instead of our 503 and its Retry-After. So a body we have not started on is read and
// thrown away after the answer, keeping the connection alive, up to the byte limit: past that, or
// when we stopped reading on purpose (413 at the limit), the connection is closed instead.
import type { Request } from 'express';

const abandoned = new WeakSet<Request>();

/** Marks a request whose body we stopped reading on purpose (byte limit). */
export function abandonBody(req: Request): void {
  abandoned.add(req);
}

/** true: answer with `Connection: close`. false: the body (if any) is being discarded. */
export function settleUnreadBody(req: Request, limit: number): boolean {
  if (req.complete) return false;
  if (abandoned.has(req)) return true;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return true;
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy(); // a chunked body that never ends
  });
  req.resume();
  return false;
}
