/** Boots the BFF in-process for a test, logs kept in memory, and stops it afterwards. */
import { Writable } from 'node:stream';
import { after, before } from 'node:test';
import { start, type RunningBff, type StartOptions } from '../../../bff/server';
import { startModelStandIn, type ModelStandIn } from '../../../testkit/bff/model-stand-in';

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

/** A BFF in front of the model stand-in for a whole test file: started before its first test, stopped after its last. */
export function bffOverStandIn(options: StartOptions = {}): { bff: TestBff; model: ModelStandIn } {
  const fixture = {} as { bff: TestBff; model: ModelStandIn };
  before(async () => {
    fixture.model = await startModelStandIn();
    fixture.bff = await startTestBff({ modelUrl: fixture.model.url, ...options });
  });
  after(async () => {
    await fixture.bff?.stop();
    await fixture.model?.close();
  });
  return fixture;
}
