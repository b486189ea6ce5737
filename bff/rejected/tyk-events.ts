/**
 * The Tyk events that mean "the gateway refused this request", by Tyk's own spelling
 * (gateway/event_system.go: `EventRateLimitExceeded = "RatelimitExceeded"`, lower-case l; an API
 * definition that names `RateLimitExceeded` is accepted and never fires), and the status the
 * gateway answers with. The webhook body does not carry the status, so the span takes it from here.
 * `BreakerTriggered` is fired when a circuit breaker trips or resets, not per request: it carries
 * no originating request, so it is logged and counted but cannot become a trace.
 */
export const REQUEST_REJECTION_EVENTS = {
  /** A key that is unknown, or (Tyk 5.x) no key at all, which Tyk answers with 401. */
  AuthFailure: 403,
  KeyExpired: 403,
  QuotaExceeded: 403,
  RatelimitExceeded: 429,
} as const;

export type RequestRejectionEvent = keyof typeof REQUEST_REJECTION_EVENTS;

export const BREAKER_EVENT = 'BreakerTriggered';

/** Every event our webhook is wired to in deploy/tyk/apps/ (tyk-config/ checks the files against this). */
export const REJECTION_EVENTS: readonly string[] = [...Object.keys(REQUEST_REJECTION_EVENTS), BREAKER_EVENT];

export function isRequestRejection(event: string): event is RequestRejectionEvent {
  return Object.hasOwn(REQUEST_REJECTION_EVENTS, event);
}
