/**
 * Optional (BFF_SHIP_LOGS=true): pino lines also go to OAP as LogData (`POST /v3/logs`,
 * logging/Logging.proto in protobuf-JSON), with `traceContext` so SkyWalking shows them inside
 * the trace. The agent does not report logs (skywalking-backend-js 0.9.0, apache/skywalking-nodejs). Same bounded, batched,
 * untraced path as the edge segments; a full queue drops the oldest lines.
 */
import { Writable } from 'node:stream';
import { LOGS_PATH, type LogData } from '../trace/log-data';
import { BatchReporter } from './oap-http/batch-reporter';
import type { QueueBounds } from './oap-http/queue';
import { oapSender, type Sender } from './oap-http/send';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** One pino JSON line → LogData; undefined for a line that is not pino JSON. */
export function toLogData(line: string, service: string, serviceInstance: string): LogData | undefined {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (record === null || typeof record !== 'object') return undefined;
  const log: LogData = {
    timestamp: typeof record.time === 'number' ? record.time : Date.now(),
    service,
    serviceInstance,
    body: { type: 'text', text: { text: line.trimEnd() } },
    tags: { data: [{ key: 'level', value: LEVELS[record.level as number] ?? String(record.level) }] },
    layer: 'GENERAL',
  };
  if (typeof record.endpoint === 'string') log.endpoint = record.endpoint;
  if (typeof record.traceId === 'string' && typeof record.segmentId === 'string' && typeof record.spanId === 'number') {
    log.traceContext = { traceId: record.traceId, traceSegmentId: record.segmentId, spanId: record.spanId };
  }
  return log;
}

export interface LogShipper {
  stream: Writable;
  reporter: BatchReporter<LogData>;
}

export function createLogShipper(options: {
  oapHttpUrl: string;
  service: string;
  serviceInstance: string;
  intervalMs: number;
  queue: QueueBounds;
  batchMax: number;
  send?: Sender;
}): LogShipper {
  const reporter = new BatchReporter<LogData>({
    path: LOGS_PATH,
    send: options.send ?? oapSender(options.oapHttpUrl),
    encode: (log) => JSON.stringify(log),
    intervalMs: options.intervalMs,
    queue: options.queue,
    batchMax: options.batchMax,
  });
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      partial += chunk.toString();
      let newline = partial.indexOf('\n');
      while (newline >= 0) {
        const line = partial.slice(0, newline);
        partial = partial.slice(newline + 1);
        const log = line.trim() === '' ? undefined : toLogData(line, options.service, options.serviceInstance);
        if (log) reporter.add(log);
        newline = partial.indexOf('\n');
      }
      if (partial.length > 64 * 1024) partial = '';
      callback();
    },
  });
  return { stream, reporter };
}
