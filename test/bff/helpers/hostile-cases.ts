/**
 * The shape of a hostile-input table (test/hostile/): each named case sends something, and the
 * runner checks the status, the shared error shape `{code, error, detail, traceId}` when it is an
 * error, the served request's trace when it is not, and that the service still answers after it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatSw8 } from '../../../trace/sw8';
import { nodeBase64 } from '../../../trace/platform/node-base64';
import { clientSw8 } from '../../../testkit/edge-headers';

export interface HostileAnswer {
  status: number;
  json: any;
  traceHeader?: string | null;
}

export interface HostileCase {
  name: string;
  send: () => Promise<HostileAnswer>;
  status: number;
  /** The error code; absent for a served request, whose trace must then arrive complete. */
  code?: string;
  check?: (answer: HostileAnswer) => void | Promise<void>;
}

export interface HostileRunner {
  /** For a served request: its trace arrived complete (throws otherwise). */
  traceArrived(traceId: string): Promise<void>;
  /** Every process alive, health and an ordinary request answered. */
  stillServing(): Promise<void>;
}

/** A valid client sw8 with field `index` replaced: the raw material of invalid-sw8 cases. */
export function sw8With(index: number, value: string): string {
  const fields = formatSw8(clientSw8(), nodeBase64).split('-');
  fields[index] = value;
  return fields.join('-');
}

export function runHostileCases(title: string, cases: HostileCase[], runner: HostileRunner): void {
  describe(title, () => {
    for (const c of cases) {
      test(c.name, { timeout: 30_000 }, async () => {
        const answer = await c.send();
        assert.equal(answer.status, c.status, JSON.stringify(answer.json));
        if (c.code !== undefined) {
          assert.deepEqual(Object.keys(answer.json ?? {}), ['code', 'error', 'detail', 'traceId'], `not the shared shape: ${JSON.stringify(answer.json)}`);
          assert.equal(answer.json.code, c.code);
          assert.equal(typeof answer.json.error, 'string');
        } else {
          assert.match(answer.traceHeader ?? '', /^[0-9a-f]{32}$/, 'x-trace-id');
          assert.equal(answer.json.traceId, answer.traceHeader);
          await runner.traceArrived(answer.traceHeader!);
        }
        await c.check?.(answer);
        await runner.stillServing();
      });
    }
  });
}
