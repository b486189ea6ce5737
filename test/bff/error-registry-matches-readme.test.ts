/** The BFF tables of the docs (docs/errors.md, docs/bff.md) and the code cannot drift apart (cf. fastify's errors test). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BFF_ERRORS } from '../../bff/errors';
import { CONFIG_KEYS } from '../../bff/config';

const doc = (name: string): string => readFileSync(path.join(__dirname, '..', '..', 'docs', name), 'utf8');
const bffSection = (text: string): string => text.slice(text.indexOf('<!-- section:bff -->'), text.indexOf('<!-- /section:bff -->'));

function tableRows(file: string, heading: string): string[][] {
  const section = bffSection(doc(file));
  const start = section.indexOf(heading);
  assert.ok(start >= 0, `docs/${file} bff section has "${heading}"`);
  const rows: string[][] = [];
  for (const line of section.slice(start).split('\n').slice(1)) {
    if (line.startsWith('### ')) break;
    if (!line.startsWith('| `')) continue;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/^`|`$/g, '')),
    );
  }
  return rows;
}

test('every BFF error code is in docs/errors.md with its status, and nothing else is', () => {
  const rows = tableRows('errors.md', '### Error codes');
  assert.deepEqual(rows.map((r) => r[0]).sort(), Object.keys(BFF_ERRORS).sort());
  for (const [code, status] of rows) {
    const expected = BFF_ERRORS[code as keyof typeof BFF_ERRORS].status;
    if (code === 'BFF_ERR_MODEL_REJECTED') assert.equal(status, "the model's 4xx");
    else assert.equal(Number(status), expected, code);
  }
});

test('every BFF setting is in docs/bff.md with its default', () => {
  const rows = tableRows('bff.md', '### Settings');
  const documented = new Map(rows.map((r) => [r[0], r[1]]));
  for (const key of Object.values(CONFIG_KEYS)) {
    assert.ok(documented.has(key.env), `${key.env} documented`);
    const cell = documented.get(key.env)!;
    if (typeof key.default === 'number' || typeof key.default === 'boolean') assert.equal(cell, String(key.default), key.env);
    else if (typeof key.default === 'string' && key.default !== '') assert.equal(cell, key.default, key.env);
  }
});
