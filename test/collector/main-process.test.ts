// `npm run start:collector`: binds the ports from the env (0 = free), logs both addresses, and
// stops cleanly with exit 0 on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startNodeChild } from '../../testkit/node-child';

const HTTP_LINE = /HTTP \(REST, GraphQL, API\) on (http:\/\/127\.0\.0\.1:\d+)/;

test('the collector process logs its bound addresses, answers /healthcheck and exits 0 on SIGTERM', async () => {
  const child = await startNodeChild({
    args: ['--import', 'tsx', path.join(__dirname, '..', '..', 'collector', 'server', 'main.ts')],
    env: { SW_COLLECTOR_GRPC_PORT: '0', SW_COLLECTOR_HTTP_PORT: '0' },
    ready: (line) => HTTP_LINE.test(String(line.raw)),
    timeoutMs: 20_000,
  });
  try {
    const printed = child.lines.map((line) => String(line.raw)).join('\n');
    assert.match(printed, /gRPC \(agents\) on 127\.0\.0\.1:\d+/);
    const health = await fetch(`${HTTP_LINE.exec(printed)![1]}/healthcheck`);
    assert.equal(health.status, 200);
    child.proc.kill('SIGTERM');
    assert.equal((await child.exited).code, 0);
  } finally {
    await child.kill();
  }
});
