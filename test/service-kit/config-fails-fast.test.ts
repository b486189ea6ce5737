/** Each service's main stops at once on a setting it cannot parse: exit code 2 and one line naming it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const root = path.join(__dirname, '..', '..');
const mains: [string, string, Record<string, string>, string][] = [
  ['bff', 'bff/main.ts', { PORT: 'eighty' }, 'bff: PORT="eighty" is not valid: PORT must be an integer from 0 to 65535'],
  ['model', 'model/main.ts', { MODEL_MAX_QUEUE: '0' }, 'model: MODEL_MAX_QUEUE="0" is not valid: MODEL_MAX_QUEUE must be an integer from 1 to 100000'],
  [
    'collector',
    'collector/server/main.ts',
    { SW_COLLECTOR_HTTP_PORT: '99999' },
    'collector: SW_COLLECTOR_HTTP_PORT="99999" is not valid: SW_COLLECTOR_HTTP_PORT must be an integer from 0 to 65535',
  ],
  ['edge emulator', 'edge-emulator/main.ts', { BFF_URL: 'bff:3000' }, 'edge: BFF_URL="bff:3000" is not valid: BFF_URL must be an http:// or https:// URL'],
];

for (const [service, main, env, line] of mains) {
  test(`${service}: a bad setting exits 2 with one line that names it`, () => {
    // SW_DISABLE keeps the agent from dialling a collector during the few ms the process lives.
    const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
      cwd: root,
      env: { ...process.env, SW_DISABLE: 'true', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stderr.trim(), line);
  });
}
