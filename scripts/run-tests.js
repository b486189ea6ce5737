#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner through tsx.
// Node 20's `--test` does not expand globs itself, so the files are listed here.
// Optional arguments narrow the run to paths containing any of them: `node scripts/run-tests.js edge bundle`.

const { spawnSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function listTests(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...listTests(full));
    else if (name.endsWith('.test.ts')) found.push(path.relative(root, full));
  }
  return found;
}

const filters = process.argv.slice(2);
const files = listTests(path.join(root, 'test'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
// A test (or hook) that hangs fails after this instead of holding CI for its whole 90 minutes. The slowest
// real one, booting the Java OAP in test/oap, takes under 2 minutes on a loaded 2-core box.
const TEST_TIMEOUT_MS = 300_000;
// A test that forgets to say where its traces go must not reach a stack running on this machine's
// default ports (127.0.0.1:11800 and :12800): by default they go to the discard port, where nothing listens.
const DISCARD = '127.0.0.1:9';
const env = {
  ...process.env,
  SW_AGENT_COLLECTOR_BACKEND_SERVICES: process.env.SW_AGENT_COLLECTOR_BACKEND_SERVICES || DISCARD,
  SW_OAP_HTTP_URL: process.env.SW_OAP_HTTP_URL || `http://${DISCARD}`,
};
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status === null ? 1 : result.status);
