/**
 * Graceful shutdown under keep-alive load (issue 9 §6). On drain: the listener closes, idle
 * keep-alive connections are closed at once, every answer still to be sent carries
 * `Connection: close` (so its connection ends with it, and a connection busy when the signal came
 * is closed as soon as its answer is out), new requests on open connections are refused with 503
 * BFF_ERR_SHUTTING_DOWN, and the requests that started before the signal run to completion, up to
 * BFF_SHUTDOWN_TIMEOUT_MS. Then whatever is left is cut.
 */
import type { Server } from 'node:http';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { BffError } from './errors';
import { discardRestOfUpload } from './upload-drain';

export type DrainOutcome = 'drained' | 'deadline';

export interface Drain {
  /** First in the chain: counts a request from arrival to its answer or its client's going away. */
  track: RequestHandler;
  /** After health and readiness: refuses new work while draining. */
  refuseWhileDraining: RequestHandler;
  isDraining(): boolean;
  /** Stops `server` as above; resolves once it is closed. */
  drain(server: Server, timeoutMs: number): Promise<DrainOutcome>;
}

export function createDrain(): Drain {
  const open = new Set<Response>();
  let draining = false;
  let server: Server | undefined;
  let wake: (() => void) | undefined;

  const track: RequestHandler = (_req: Request, res: Response, next: NextFunction) => {
    if (draining) res.setHeader('connection', 'close');
    open.add(res);
    const end = (): void => {
      if (!open.delete(res) || !draining) return;
      // An answer whose headers went out before the signal left its connection keep-alive.
      server?.closeIdleConnections();
      if (open.size === 0) wake?.();
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };

  const refuseWhileDraining: RequestHandler = (req, _res, next) => {
    if (!draining) return next();
    discardRestOfUpload(req);
    next(new BffError('BFF_ERR_SHUTTING_DOWN', { headers: { 'retry-after': '1' } }));
  };

  const drain = async (target: Server, timeoutMs: number): Promise<DrainOutcome> => {
    server = target;
    draining = true;
    for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => target.close(() => resolve()));
    target.closeIdleConnections();
    let outcome: DrainOutcome = 'drained';
    if (open.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      outcome = await Promise.race([
        new Promise<DrainOutcome>((resolve) => (wake = () => resolve('drained'))),
        new Promise<DrainOutcome>((resolve) => (timer = setTimeout(() => resolve('deadline'), timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    target.closeAllConnections();
    await closed;
    return outcome;
  };

  return { track, refuseWhileDraining, isDraining: () => draining, drain };
}
