/**
 * `POST /_edge/rejected`: Tyk's webhook event handler (`eh_web_hook_handler`) posts here for every
 * request the gateway refuses (docs/edge.md "Rejected requests"), and the BFF reports the gateway's
 * segment for it, since no other hop ever sees that request. In order: the secret (constant time;
 * none configured = every call refused, nothing read), the body (bounded), the event, the
 * originating request's edge headers and times, once per segment id, then the segment goes to
 * the same reporter as every edge segment. Each refusal is a 4xx in the shared error shape and a
 * count; nothing here can throw past the error middleware.
 */
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BffError } from '../errors';
import { sameSecret } from '../edge-segment/read-edge-headers';
import type { EdgeSegmentReporter } from '../edge-segment/reporter';
import { discardBody } from '../../service-kit/http/discard-body';
import { EDGE_HEADERS } from '../../trace/edge-headers';
import { readBoundedBody } from './read-body';
import { decodeRejectedEvent } from './decode-event';
import { trustRejected } from './trust-rejected';
import { buildRejectedSegment } from './build-segment';
import { SeenSegments } from './seen-segments';
import { WebhookStats } from './stats';

export const REJECTED_PATH = '/_edge/rejected';
/** Segment ids remembered for the replay check; at ~1 KB of map per 10 ids this is ~1 MB. */
export const SEEN_SEGMENTS_MAX = 10_000;

export interface RejectedRouteOptions {
  sharedSecret: string | undefined;
  maxBytes: number;
  windowMs: number;
  reporter: EdgeSegmentReporter;
  logger: Logger;
  now?: () => number;
}

export interface RejectedRoute {
  handler: RequestHandler;
  stats: WebhookStats;
}

export function rejectedRoute(options: RejectedRouteOptions): RejectedRoute {
  const now = options.now ?? Date.now;
  const stats = new WebhookStats();
  const seen = new SeenSegments(2 * options.windowMs, SEEN_SEGMENTS_MAX);

  const refuse = (req: Request, next: NextFunction, error: BffError, event: string | undefined, outcome: Parameters<WebhookStats['count']>[1]): void => {
    stats.count(event, outcome);
    discardBody(req);
    options.logger.info({ code: error.code, outcome, event, detail: error.detail }, 'rejected-request webhook refused');
    next(error);
  };

  const handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const secret = options.sharedSecret;
    if (secret === undefined) {
      refuse(
        req,
        next,
        new BffError('BFF_ERR_EDGE_DISABLED', { detail: { fix: 'set EDGE_SHARED_SECRET and the same value in the webhook header_map' } }),
        undefined,
        'disabled',
      );
      return;
    }
    const key = req.headers[EDGE_HEADERS.key];
    if (typeof key !== 'string' || !sameSecret(key, secret)) {
      refuse(req, next, new BffError('BFF_ERR_EDGE_FORBIDDEN', { detail: { header: EDGE_HEADERS.key, present: key !== undefined } }), undefined, 'forbidden');
      return;
    }
    readBoundedBody(req, options.maxBytes)
      .then((body) => {
        if (!body.ok) {
          if (body.reason === 'tooLarge')
            refuse(req, next, new BffError('BFF_ERR_EDGE_TOO_LARGE', { detail: { maxBytes: options.maxBytes } }), undefined, 'tooLarge');
          return;
        }
        const decoded = decodeRejectedEvent(body.text);
        if (!decoded.ok) {
          refuse(req, next, new BffError('BFF_ERR_EDGE_BAD_EVENT', { detail: decoded.detail }), decoded.event, 'badEvent');
          return;
        }
        const value = decoded.value;
        if (value.kind === 'breaker') {
          // Fired on a breaker's state change, with no request in it: worth a line, not a trace.
          stats.count('BreakerTriggered', 'logged');
          options.logger.warn({ event: 'BreakerTriggered', path: value.path, apiId: value.apiId, message: value.message }, 'gateway circuit breaker');
          res.status(202).json({ event: 'BreakerTriggered', traced: false });
          return;
        }
        const trusted = trustRejected(value.request, value.at, secret, options.windowMs, now());
        if (!trusted.ok) {
          refuse(
            req,
            next,
            new BffError('BFF_ERR_EDGE_UNTRUSTED', { detail: { reason: trusted.reason, detail: trusted.detail } }),
            value.event,
            trusted.reason,
          );
          return;
        }
        const edge = trusted.edge;
        if (!seen.firstTime(edge.sw8.parentSegmentId, now())) {
          refuse(req, next, new BffError('BFF_ERR_EDGE_REPLAYED', { detail: { segmentId: edge.sw8.parentSegmentId } }), value.event, 'duplicate');
          return;
        }
        options.reporter.report(buildRejectedSegment(edge, value.event, value.at, value.request.method));
        stats.count(value.event, 'traced');
        res.status(202).json({ event: value.event, traced: true, traceId: edge.sw8.traceId, segmentId: edge.sw8.parentSegmentId });
      })
      .catch(next);
  };

  return { handler, stats };
}
