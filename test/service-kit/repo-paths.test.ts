import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { findRepoRoot, REPO_ROOT } from '../../service-kit/repo-paths';

test('the repo root is found from any depth, in source and in dist', () => {
  assert.equal(REPO_ROOT, path.join(__dirname, '..', '..'));
  assert.equal(findRepoRoot(path.join(REPO_ROOT, 'model', 'tracing')), REPO_ROOT);
  assert.equal(findRepoRoot(path.join(REPO_ROOT, 'dist', 'node', 'edge-emulator')), REPO_ROOT);
});

test('outside the repo it says what it looked for', () => {
  assert.throws(() => findRepoRoot(mkdtempSync(path.join(os.tmpdir(), 'no-repo-'))), /no package\.json of sw-edge-trace above/);
});
