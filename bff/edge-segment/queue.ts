/**
 * A bounded FIFO: when full, the oldest item is dropped and counted, so a slow or absent OAP costs
 * a fixed amount of memory and the newest segments survive.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  push(item: T): void {
    this.items.push(item);
    this.trim();
  }

  /** Removes and returns up to `max` of the oldest items. */
  take(max: number): T[] {
    return this.items.splice(0, max);
  }

  /** Puts a batch that could not be sent back in front; the bound still holds (oldest dropped). */
  putBack(batch: T[]): void {
    this.items = batch.concat(this.items);
    this.trim();
  }

  private trim(): void {
    const excess = this.items.length - this.capacity;
    if (excess > 0) {
      this.items.splice(0, excess);
      this.droppedCount += excess;
    }
  }
}
