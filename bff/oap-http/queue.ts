/**
 * What a reporter keeps while OAP is slow or down, bounded by time and memory rather than by count:
 * everything that arrived in the last `maxAgeMs` (so the outage it rides out does not shrink as
 * traffic grows; a count of 1,000 lasted 25 s at 40 req/s), never more than `maxBytes` of encoded
 * JSON, and optionally at most `maxItems`. Items are kept encoded, so the byte bound is the memory
 * they hold and the POST body is a join. Past any bound the oldest go first, counted.
 */
export interface QueueBounds {
  maxAgeMs?: number;
  maxBytes?: number;
  maxItems?: number;
}

export const DEFAULT_QUEUE_MAX_BYTES = 64 * 1024 * 1024;

export interface QueuedItem {
  encoded: string;
  queuedAt: number;
}

function positiveOrInfinite(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`queue ${name} must be positive, got ${value}`);
  return value;
}

export class OutageQueue {
  private items: QueuedItem[] = [];
  private bytes = 0;
  private droppedCount = 0;
  private readonly maxAgeMs: number;
  private readonly maxBytes: number;
  private readonly maxItems: number;

  constructor(
    bounds: QueueBounds,
    private readonly now: () => number = Date.now,
  ) {
    this.maxAgeMs = positiveOrInfinite('maxAgeMs', bounds.maxAgeMs, Infinity);
    this.maxBytes = positiveOrInfinite('maxBytes', bounds.maxBytes, DEFAULT_QUEUE_MAX_BYTES);
    this.maxItems = positiveOrInfinite('maxItems', bounds.maxItems, Infinity);
  }

  get size(): number {
    this.trim();
    return this.items.length;
  }

  get sizeBytes(): number {
    this.trim();
    return this.bytes;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** How long the oldest waiting item has waited: about how long OAP has been unreachable. */
  get oldestAgeMs(): number {
    this.trim();
    return this.items.length === 0 ? 0 : this.now() - this.items[0].queuedAt;
  }

  push(encoded: string): void {
    this.items.push({ encoded, queuedAt: this.now() });
    this.bytes += encoded.length;
    this.trim();
  }

  /** Removes and returns up to `max` of the oldest items. */
  take(max: number): QueuedItem[] {
    this.trim();
    const batch = this.items.splice(0, max);
    for (const item of batch) this.bytes -= item.encoded.length;
    return batch;
  }

  /** Puts a batch that could not be sent back in front, with its arrival times; the bounds still hold. */
  putBack(batch: QueuedItem[]): void {
    this.items = batch.concat(this.items);
    for (const item of batch) this.bytes += item.encoded.length;
    this.trim();
  }

  private trim(): void {
    const oldestKept = this.now() - this.maxAgeMs;
    let drop = 0;
    let bytes = this.bytes;
    while (drop < this.items.length && (this.items[drop].queuedAt < oldestKept || bytes > this.maxBytes || this.items.length - drop > this.maxItems)) {
      bytes -= this.items[drop].encoded.length;
      drop++;
    }
    if (drop === 0) return;
    this.items.splice(0, drop);
    this.bytes = bytes;
    this.droppedCount += drop;
  }
}
