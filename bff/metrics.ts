/**
 * Prometheus metrics (`GET /metrics`): requests by status, the model call's latency, and the edge
 * reporter's queue, drops and skips. A registry per server, so tests can boot several.
 */
import client from 'prom-client';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { EdgeSegmentReporter } from './edge-segment/reporter';
import type { ModelOutcome } from './model-client';
import type { WebhookStats } from './rejected/stats';
import type { BatchReporterStats } from './oap-http/batch-reporter';

export interface BffMetrics {
  registry: client.Registry;
  countRequests: RequestHandler;
  /** Counts a classify request from its arrival until its answer is sent or its client is gone. */
  countClassifyInFlight: RequestHandler;
  observeModelCall(outcome: ModelOutcome): void;
  /** An invalid client sw8 was dropped before the agent saw it. */
  countDroppedSw8(reason: string): void;
}

export function createMetrics(reporter: EdgeSegmentReporter, webhooks: WebhookStats, shipper?: () => BatchReporterStats): BffMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'bff_' });
  const requests = new client.Counter({
    name: 'bff_http_requests_total',
    help: 'Requests answered, by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const inFlight = new client.Gauge({
    name: 'bff_classify_in_flight',
    help: 'Classify requests received and not yet answered or abandoned.',
    registers: [registry],
  });
  const upstream = new client.Histogram({
    name: 'bff_model_request_duration_seconds',
    help: 'Time from the start of the model call to its answer, by outcome (ok or the BFF error code).',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'bff_edge_reporter_queue_size',
    help: 'Edge segments waiting to be sent to OAP.',
    registers: [registry],
    collect() {
      this.set(reporter.stats().queued);
    },
  });
  new client.Gauge({
    name: 'bff_edge_reporter_queue_bytes',
    help: 'Encoded bytes of the edge segments waiting (bounded by EDGE_QUEUE_MAX_BYTES).',
    registers: [registry],
    collect() {
      this.set(reporter.stats().queuedBytes);
    },
  });
  new client.Gauge({
    name: 'bff_edge_reporter_queue_oldest_seconds',
    help: 'How long the oldest waiting edge segment has waited: about how long OAP has been unreachable; segments older than EDGE_QUEUE_SECONDS are dropped.',
    registers: [registry],
    collect() {
      this.set(reporter.stats().oldestQueuedMs / 1000);
    },
  });
  const counter = (name: string, help: string, read: () => number): void => {
    new client.Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  };
  counter(
    'bff_edge_reporter_dropped_total',
    'Edge segments dropped, oldest first, because they waited longer than EDGE_QUEUE_SECONDS or the queue held EDGE_QUEUE_MAX_BYTES.',
    () => reporter.stats().dropped,
  );
  counter('bff_edge_reporter_sent_total', 'Edge segments OAP accepted.', () => reporter.stats().sent);
  counter('bff_edge_reporter_failed_sends_total', 'Failed attempts to send a batch (OAP down or erroring).', () => reporter.stats().failedAttempts);
  counter('bff_edge_reporter_posts_total', 'POST /v3/segments requests made (segments sent / posts = batch size achieved).', () => reporter.stats().posts);
  if (shipper) {
    counter('bff_log_shipper_sent_total', 'Log lines OAP accepted (BFF_SHIP_LOGS).', () => shipper().sent);
    counter('bff_log_shipper_posts_total', 'POST /v3/logs requests made.', () => shipper().posts);
    counter('bff_log_shipper_dropped_total', 'Log lines dropped, oldest first, past the same time and byte bounds.', () => shipper().dropped);
  }
  counter('bff_edge_segments_built_total', 'Edge segments built from edge headers.', () => reporter.stats().built);
  new client.Counter({
    name: 'bff_edge_segments_skipped_total',
    help: 'Requests without an edge segment, by reason (notFromEdge, badStart, badSw8, sw8NotFromEdge, keyMissing, keyMismatch, implausibleTime).',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(reporter.stats().skipped)) this.inc({ reason }, n ?? 0);
    },
  });

  new client.Counter({
    name: 'bff_edge_webhooks_total',
    help: 'Rejected-request webhooks from the gateway (POST /_edge/rejected), by event and outcome (traced, logged, duplicate, or why refused).',
    labelNames: ['event', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { event, outcome, count } of webhooks.entries()) this.inc({ event, outcome }, count);
    },
  });

  const droppedSw8 = new client.Counter({
    name: 'bff_invalid_sw8_dropped_total',
    help: 'Requests whose invalid sw8 was dropped before the agent saw it (they start a new trace), by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  const countRequests: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => {
      const route = (req.route?.path as string | undefined) ?? 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };

  const countClassifyInFlight: RequestHandler = (_req, res, next) => {
    inFlight.inc();
    res.once('close', () => inFlight.dec());
    next();
  };

  return {
    registry,
    countRequests,
    countClassifyInFlight,
    observeModelCall(outcome) {
      upstream.observe({ outcome: outcome.ok ? 'ok' : outcome.error.code }, outcome.durationMs / 1000);
    },
    countDroppedSw8(reason) {
      droppedSw8.inc({ reason });
    },
  };
}
