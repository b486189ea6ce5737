/** The table of EDGE_ERR_* codes in docs/errors.md and the registry the emulator answers from never drift apart. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EDGE_ERRORS } from '../../edge-emulator/errors';

test('every EDGE_ERR_* code is in docs/errors.md with its status, and it lists no other', () => {
  const readme = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `(EDGE_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
  assert.deepEqual(
    rows,
    Object.entries(EDGE_ERRORS).map(([code, { status }]) => [code, status]),
  );
});
