/**
 * Sends queued items to one OAP path in batches: every interval, from a bounded queue, one request
 * in flight, backing off while OAP is down (retry.ts), and flushed on shutdown. Used for edge
 * segments (`/v3/segments`) and shipped logs (`/v3/logs`). Failures are counted, never thrown.
 */
import { BoundedQueue } from './queue';
import { backoffDelayMs } from './retry';
import type { Sender } from './send';

export interface BatchReporterOptions<T> {
  path: string;
  send: Sender;
  serialize: (batch: T[]) => string;
  intervalMs: number;
  queueMax: number;
  batchMax: number;
  onError?: (reason: string) => void;
  now?: () => number;
}

export interface BatchReporterStats {
  queued: number;
  dropped: number;
  sent: number;
  rejected: number;
  failedAttempts: number;
  consecutiveFailures: number;
}

export class BatchReporter<T> {
  private readonly queue: BoundedQueue<T>;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private nextAttemptAt = 0;
  private counts = { sent: 0, rejected: 0, failedAttempts: 0, consecutiveFailures: 0 };
  private readonly now: () => number;

  constructor(private readonly options: BatchReporterOptions<T>) {
    this.queue = new BoundedQueue<T>(options.queueMax);
    this.now = options.now ?? Date.now;
  }

  add(item: T): void {
    this.queue.push(item);
  }

  stats(): BatchReporterStats {
    return { queued: this.queue.size, dropped: this.queue.dropped, ...this.counts };
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

  /**
   * Sends until the queue is empty, a send fails, or the deadline passes (shutdown). Ignores the
   * backoff: on shutdown one last try is worth it.
   */
  async flush(deadlineMs = 2000): Promise<void> {
    const until = this.now() + deadlineMs;
    while (this.queue.size > 0 && this.now() < until) {
      if (this.inFlight) await this.inFlight;
      else if (!(await this.drain(until))) return;
    }
  }

  /** Sends batches; false when a send failed. */
  private drain(until = Infinity): Promise<boolean> {
    let ok = true;
    const run = async (): Promise<void> => {
      while (this.queue.size > 0 && this.now() < until) {
        const batch = this.queue.take(this.options.batchMax);
        const outcome = await this.options.send(this.options.path, this.options.serialize(batch));
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
