/**
 * Graceful stop under keep-alive load (issue 9 §6), for every HTTP service. On drain: the listener
 * closes, idle keep-alive connections are closed at once, every answer still to be sent carries
 * `Connection: close` (so its connection ends with it, and a connection busy when the signal came
 * is closed as soon as its answer is out), and the requests that started before the signal run to
 * completion, up to the service's shutdown timeout. Then whatever is left is cut. Refusing new
 * requests on connections still open is the service's own answer (`isDraining()`).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type DrainOutcome = 'drained' | 'deadline';

export interface GracefulStop {
  /** First in the chain: counts a request from arrival to its answer or its client's going away. */
  track(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  isDraining(): boolean;
  /** Stops `server` as above; resolves once it is closed. */
  drain(server: Server, timeoutMs: number): Promise<DrainOutcome>;
}

export function createGracefulStop(): GracefulStop {
  const open = new Set<ServerResponse>();
  let draining = false;
  let server: Server | undefined;
  let wake: (() => void) | undefined;

  const track = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
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

  return { track, isDraining: () => draining, drain };
}
