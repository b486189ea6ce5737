// What to do with a request body we answer without reading (busy, not ready, wrong type, …).
//
// A body we have not started on is discarded after the answer (service-kit/http/discard-body.ts),
// keeping the connection alive, up to the byte limit: past that, or when we stopped reading on
// purpose (413 at the limit), the answer says Connection: close instead.
import type { Request } from 'express';
import { discardBody } from '../../service-kit/http/discard-body';

const abandoned = new WeakSet<Request>();

/** Marks a request whose body we stopped reading on purpose (byte limit). */
export function abandonBody(req: Request): void {
  abandoned.add(req);
}

/** true: answer with `Connection: close`. false: the body (if any) is being discarded. */
export function settleUnreadBody(req: Request, limit: number, requestTimeoutMs: number): boolean {
  if (req.complete) return false;
  if (abandoned.has(req)) return true;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return true;
  // Node's requestTimeout bounds the time as well; the cap here keeps a body that never ends from costing more.
  discardBody(req, requestTimeoutMs, limit);
  return false;
}
