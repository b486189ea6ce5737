/**
 * Segment ids already reported from a webhook, so that each rejected request is traced once even
 * when Tyk (or anyone holding the secret) posts the same event twice. An id is kept for `ttlMs`
 * (twice the clock window: after that the time check refuses the body anyway) and at most `max`
 * ids are kept, the oldest forgotten first, so memory stays bounded under any flood.
 */
export class SeenSegments {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    readonly max: number,
  ) {}

  get size(): number {
    return this.expiries.size;
  }

  /** True the first time an id is offered (within its ttl), false for a repeat. */
  firstTime(id: string, now: number): boolean {
    this.forgetExpired(now);
    const expiry = this.expiries.get(id);
    if (expiry !== undefined && expiry > now) return false;
    this.expiries.delete(id);
    this.expiries.set(id, now + this.ttlMs);
    while (this.expiries.size > this.max) this.expiries.delete(this.expiries.keys().next().value as string);
    return true;
  }

  private forgetExpired(now: number): void {
    // Insertion order is expiry order (one ttl for all), so the expired ones are at the front.
    for (const [id, expiry] of this.expiries) {
      if (expiry > now) return;
      this.expiries.delete(id);
    }
  }
}
