/**
 * Sends queued items to one OAP path in batches, from a bounded queue, one request in flight:
 * a batch goes out when the timer fires (whatever is queued, up to `batchMax`) or as soon as a
 * full batch is waiting; a partial batch never follows another POST straight away. So under load
 * there is one POST per `batchMax` items, and between ticks the queue only grows past `batchMax`
 * while a POST is in flight: nothing is dropped unless the queue's bounds (queue.ts: age, bytes) are
 * passed. Backs off while OAP is down (retry.ts) and is flushed on shutdown. Used for edge segments (`/v3/segments`) and
 * shipped logs (`/v3/logs`). Failures are counted, never thrown.
 */
import { OutageQueue, type QueueBounds } from './queue';
import { backoffDelayMs } from './retry';
import type { Sender } from './send';

export interface BatchReporterOptions<T> {
  path: string;
  send: Sender;
  /** One item as a JSON value; a batch is sent as the JSON array of them. */
  encode: (item: T) => string;
  intervalMs: number;
  queue: QueueBounds;
  batchMax: number;
  onError?: (reason: string) => void;
  now?: () => number;
}

export interface BatchReporterStats {
  queued: number;
  queuedBytes: number;
  /** Age of the oldest queued item (0 when empty): about how long OAP has been unreachable. */
  oldestQueuedMs: number;
  dropped: number;
  sent: number;
  rejected: number;
  failedAttempts: number;
  consecutiveFailures: number;
  /** POSTs made, answered or not: items sent / posts is the batching achieved. */
  posts: number;
}

export class BatchReporter<T> {
  private readonly queue: OutageQueue;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private nextAttemptAt = 0;
  private counts = { sent: 0, rejected: 0, failedAttempts: 0, consecutiveFailures: 0, posts: 0 };
  private readonly now: () => number;

  constructor(private readonly options: BatchReporterOptions<T>) {
    this.now = options.now ?? Date.now;
    this.queue = new OutageQueue(options.queue, this.now);
  }

  add(item: T): void {
    this.queue.push(this.options.encode(item));
    if (this.timer && this.fullBatchReady()) void this.drain();
  }

  stats(): BatchReporterStats {
    return { queued: this.queue.size, queuedBytes: this.queue.sizeBytes, oldestQueuedMs: this.queue.oldestAgeMs, dropped: this.queue.dropped, ...this.counts };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One scheduled round: skipped while backing off or while a send is in flight. */
  async tick(): Promise<void> {
    if (this.inFlight || this.queue.size === 0 || this.now() < this.nextAttemptAt) return;
    await this.drain();
  }

  private fullBatchReady(): boolean {
    return !this.inFlight && this.queue.size >= this.options.batchMax && this.now() >= this.nextAttemptAt;
  }

  /**
   * Sends until the queue is empty, a send fails, or the deadline passes (shutdown). Ignores the
   * backoff: on shutdown one last try is worth it.
   */
  async flush(deadlineMs = 2000): Promise<void> {
    const until = this.now() + deadlineMs;
    // A POST still out counts as unsent: its batch may come back to the queue.
    while ((this.queue.size > 0 || this.inFlight) && this.now() < until) {
      if (this.inFlight) await this.inFlight;
      else if (!(await this.drain(until))) return;
    }
  }

  /**
   * Sends one batch, then more only while full batches wait (or, for a flush, until the queue is
   * empty or the deadline passes); false when a send failed.
   */
  private drain(until?: number): Promise<boolean> {
    let ok = true;
    const flushing = until !== undefined;
    const run = async (): Promise<void> => {
      let first = true;
      while (this.queue.size > 0 && (flushing ? this.now() < until : first || this.queue.size >= this.options.batchMax)) {
        first = false;
        const batch = this.queue.take(this.options.batchMax);
        this.counts.posts++;
        const outcome = await this.options.send(this.options.path, `[${batch.map((item) => item.encoded).join(',')}]`);
        if (outcome.kind === 'ok') {
          this.counts.sent += batch.length;
          this.counts.consecutiveFailures = 0;
          this.nextAttemptAt = 0;
          continue;
        }
        if (outcome.kind === 'rejected') {
          // OAP refused the data itself: resending it cannot help.
          this.counts.rejected += batch.length;
          this.options.onError?.(`${this.options.path} rejected ${batch.length}: ${outcome.reason}`);
          continue;
        }
        this.queue.putBack(batch);
        this.counts.failedAttempts++;
        this.counts.consecutiveFailures++;
        this.nextAttemptAt = this.now() + backoffDelayMs(this.counts.consecutiveFailures, this.options.intervalMs);
        this.options.onError?.(`${this.options.path} failed (${outcome.reason}); ${this.queue.size} queued, next try in ${this.nextAttemptAt - this.now()} ms`);
        ok = false;
        return;
      }
    };
    const p = run().finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = p;
    return p.then(() => ok);
  }
}
