// The collector's error registry and the code table in docs/errors.md stay in step (codes and statuses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COLLECTOR_ERRORS } from '../../collector/errors';

const readme = readFileSync(path.join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
const section = readme.slice(readme.indexOf('<!-- section:collector -->'), readme.indexOf('<!-- /section:collector -->'));

test('every collector error code is in the docs/errors.md table with its status, and the table has no others', () => {
  const documented = new Map([...section.matchAll(/^\| `(COLLECTOR_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));
  const registry = new Map(Object.entries(COLLECTOR_ERRORS).map(([code, e]) => [code, e.status as number]));
  assert.deepEqual([...documented.entries()].sort(), [...registry.entries()].sort());
});
