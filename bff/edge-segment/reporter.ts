/**
 * The edge segment reporter: segments built from edge headers go to `POST {SW_OAP_HTTP_URL}/v3/segments`
 * in batches (batch-reporter.ts). Skipped requests are counted by reason.
 */
import { encodeSegment, SEGMENTS_PATH, type Segment } from '../../trace/segment';
import { oapSender, type Sender } from '../oap-http/send';
import { BatchReporter, type BatchReporterStats } from '../oap-http/batch-reporter';
import type { QueueBounds } from '../oap-http/queue';
import type { EdgeSkipReason, EdgeWarning } from './read-edge-headers';

export interface EdgeReporterOptions {
  oapHttpUrl: string;
  intervalMs: number;
  /** Bounds of what is kept while OAP is down (queue.ts); the BFF sets age and bytes. */
  queue: QueueBounds;
  batchMax: number;
  send?: Sender;
  onError?: (reason: string) => void;
}

export interface EdgeReporterStats extends BatchReporterStats {
  built: number;
  skipped: Partial<Record<EdgeSkipReason, number>>;
  warnings: Partial<Record<EdgeWarning, number>>;
}

export class EdgeSegmentReporter {
  private readonly batches: BatchReporter<Segment>;
  private built = 0;
  private readonly skipped: Partial<Record<EdgeSkipReason, number>> = {};
  private readonly warnings: Partial<Record<EdgeWarning, number>> = {};

  constructor(options: EdgeReporterOptions) {
    this.batches = new BatchReporter<Segment>({
      path: SEGMENTS_PATH,
      send: options.send ?? oapSender(options.oapHttpUrl),
      encode: encodeSegment,
      intervalMs: options.intervalMs,
      queue: options.queue,
      batchMax: options.batchMax,
      onError: options.onError,
    });
  }

  private open = 0;

  /** A request with valid edge headers is running; its segment comes when it ends (`report` or `abandon`). */
  expect(): void {
    this.open++;
  }

  abandon(): void {
    this.open = Math.max(0, this.open - 1);
  }

  report(segment: Segment, warnings: EdgeWarning[] = []): void {
    this.open = Math.max(0, this.open - 1);
    this.built++;
    for (const w of warnings) this.warnings[w] = (this.warnings[w] ?? 0) + 1;
    this.batches.add(segment);
  }

  skip(reason: EdgeSkipReason): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  start(): void {
    this.batches.start();
  }

  stop(): void {
    this.batches.stop();
  }

  tick(): Promise<void> {
    return this.batches.tick();
  }

  /** Waits (within the deadline) for segments of requests still ending, then sends everything queued. */
  async flush(deadlineMs = 2000): Promise<void> {
    const until = Date.now() + deadlineMs;
    while (this.open > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.batches.flush(Math.max(0, until - Date.now()));
  }

  stats(): EdgeReporterStats {
    return { ...this.batches.stats(), built: this.built, skipped: { ...this.skipped }, warnings: { ...this.warnings } };
  }
}
