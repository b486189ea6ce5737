/**
 * Backoff while OAP is down or failing: the first retry after one interval, doubling up to a cap,
 * back to normal after the first success. Failures never reach a request.
 */
export const BACKOFF_MAX_MS = 30_000;

export function backoffDelayMs(consecutiveFailures: number, intervalMs: number, maxMs = BACKOFF_MAX_MS): number {
  if (consecutiveFailures <= 0) return 0;
  const delay = intervalMs * 2 ** Math.min(consecutiveFailures - 1, 20);
  return Math.min(delay, Math.max(maxMs, intervalMs));
}
