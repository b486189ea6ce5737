/**
 * What became of each webhook, by event and outcome, for `bff_edge_webhooks_total{event,outcome}`.
 * Events are only the known names (else `unknown`) so that a hostile body cannot grow the label set.
 */
import { REJECTION_EVENTS } from './tyk-events';
import type { UntrustedReason } from './trust-rejected';

export type WebhookOutcome = 'traced' | 'logged' | 'duplicate' | 'disabled' | 'forbidden' | 'tooLarge' | 'badEvent' | UntrustedReason;

export class WebhookStats {
  private readonly counts = new Map<string, number>();

  count(event: string | undefined, outcome: WebhookOutcome): void {
    const key = `${event !== undefined && REJECTION_EVENTS.includes(event) ? event : 'unknown'}\u0000${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  entries(): { event: string; outcome: WebhookOutcome; count: number }[] {
    return [...this.counts].map(([key, count]) => {
      const [event, outcome] = key.split('\u0000');
      return { event, outcome: outcome as WebhookOutcome, count };
    });
  }

  total(outcome: WebhookOutcome): number {
    return this.entries()
      .filter((e) => e.outcome === outcome)
      .reduce((sum, e) => sum + e.count, 0);
  }
}
