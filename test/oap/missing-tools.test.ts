/** Without Java or Maven the OAP runner says, in one line, what to install (and exits non-zero). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { OapToolMissing, requireTool } from '../../oap/toolchain';

const EMPTY_PATH = mkdtempSync(path.join(tmpdir(), 'no-tools-'));
const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'node', 'oap', 'main.js');

test('npm run oap without java on PATH: exit 1 and one line naming the package', () => {
  const run = spawnSync(process.execPath, [MAIN], {
    env: { PATH: EMPTY_PATH, SW_CORE_GRPC_PORT: '1', SW_CORE_REST_PORT: '2' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, 'oap | the real OAP needs Java 17 or newer on PATH: apt-get install default-jre-headless\n');
});

test('without mvn on PATH the classpath cannot be resolved: the error names the package', () => {
  const saved = process.env.PATH;
  process.env.PATH = EMPTY_PATH;
  try {
    assert.throws(
      () => requireTool('mvn'),
      (error: unknown) => error instanceof OapToolMissing && error.message === 'the real OAP is fetched from Maven Central with Maven: apt-get install maven',
    );
  } finally {
    process.env.PATH = saved;
  }
});
