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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status === null ? 1 : result.status);
