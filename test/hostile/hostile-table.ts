/**
 * The loop every simple hostile table runs (collector, model): send the named case, check the status,
 * the service's error shape when the case expects an error code, the case's own check, and that the
 * service still serves right after. (test/bff/helpers/hostile-cases.ts is the stricter BFF/edge one:
 * it also follows a served request's trace.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

export interface HostileCase {
  name: string;
  send: () => Promise<{ status: number; json: any }>;
  status: number;
  code?: string;
  check?: (json: any) => void | Promise<void>;
}

export interface HostileTableChecks {
  assertErrorShape(json: any, code: string): void;
  assertStillServing(): Promise<void>;
}

export function runHostileTable(title: string, cases: HostileCase[], checks: HostileTableChecks): void {
  describe(title, () => {
    for (const hostile of cases) {
      test(hostile.name, async () => {
        const { status, json } = await hostile.send();
        assert.equal(status, hostile.status, JSON.stringify(json).slice(0, 300));
        if (hostile.code) checks.assertErrorShape(json, hostile.code);
        await hostile.check?.(json);
        await checks.assertStillServing();
      });
    }
  });
}
