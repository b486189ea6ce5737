/**
 * Turns each request's edge headers into the gateway's segment once the BFF's response has ended
 * (the edge spans end with it, as the gateway's own answer would). It reads, builds and enqueues; sending happens on the reporter's
 * timer. Nothing here can fail the request: errors are counted and logged.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { readEdgeHeaders } from './read-edge-headers';
import { buildEdgeSegment } from '../../trace/edge-segment';
import type { EdgeSegmentReporter } from './reporter';
import { requestTrace } from '../request-trace';

/** nginx's code for "client closed the request before the answer"; the edge saw no status. */
const CLIENT_CLOSED = 499;

export function edgeSegmentMiddleware(reporter: EdgeSegmentReporter, sharedSecret: string | undefined, clockWindowMs: number, logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let read: ReturnType<typeof readEdgeHeaders>;
    try {
      read = readEdgeHeaders(req.headers, sharedSecret, { reference: requestTrace(res).arrivedAt, windowMs: clockWindowMs });
    } catch (err) {
      logger.warn({ err }, 'edge headers could not be read');
      next();
      return;
    }
    if (!read.ok) {
      // A request that did not come through the edge is normal; the other reasons are worth a line.
      reporter.skip(read.reason);
      if (read.reason === 'implausibleTime') logger.warn({ reason: read.reason, detail: read.detail }, 'edge times outside the clock window: no edge segment');
      else if (read.reason !== 'notFromEdge') logger.info({ reason: read.reason, detail: read.detail }, 'no edge segment');
      next();
      return;
    }
    const edge = read.edge;
    res.locals.edge = edge;
    reporter.expect();
    let reported = false;
    const finish = (): void => {
      if (reported) return;
      reported = true;
      try {
        const trace = requestTrace(res);
        const segment = buildEdgeSegment(edge, {
          arrivedAt: trace.arrivedAt,
          endedAt: Date.now(),
          status: res.writableFinished ? res.statusCode : CLIENT_CLOSED,
          method: req.method,
        });
        reporter.report(segment, edge.warnings);
      } catch (err) {
        reporter.abandon();
        logger.warn({ err }, 'edge segment could not be built');
      }
    };
    // The agent ends the BFF's entry span after the response's 'close' listeners have run; the
    // edge spans must enclose it, so their end is taken on the next turn after 'close'.
    res.once('close', () => setImmediate(finish));
    next();
  };
}
