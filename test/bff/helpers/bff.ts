/** Boots the BFF in-process for a test, logs kept in memory, and stops it afterwards. */
import { Writable } from 'node:stream';
import { start, type RunningBff, type StartOptions } from '../../../bff/server';

export interface TestBff extends RunningBff {
  logs: Record<string, unknown>[];
}

export async function startTestBff(options: StartOptions = {}): Promise<TestBff> {
  const logs: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const bff = await start({
    port: 0,
    oapHttpUrl: 'http://127.0.0.1:9', // discard port: nothing listens; tests that check reporting pass their own
    edgeReportIntervalMs: 60_000,
    logLevel: 'info',
    ...options,
    logDestination,
  });
  return Object.assign(bff, { logs });
}
