// `npm run start:collector`: binds the ports from the env (0 = free), logs both addresses, and
// stops cleanly with exit 0 on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

test('the collector process logs its bound addresses, answers /healthcheck and exits 0 on SIGTERM', async () => {
  const main = path.join(__dirname, '..', '..', 'collector', 'server', 'main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, SW_COLLECTOR_GRPC_PORT: '0', SW_COLLECTOR_HTTP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    let stdout = '';
    const httpUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        stdout += c;
        const m = /HTTP \(REST, GraphQL, API\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`collector exited ${code} before logging its address: ${stdout}`)));
    });
    assert.match(stdout, /gRPC \(agents\) on 127\.0\.0\.1:\d+/);
    const health = await fetch(`${httpUrl}/healthcheck`);
    assert.equal(health.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  } finally {
    clearTimeout(killer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
