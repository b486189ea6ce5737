/**
 * Every setting of every service is in a documented env table (README.md or docs/), with its default
 * where the default is a plain value; and defineConfig's own rules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BFF_CONFIG } from '../../bff/config';
import { COLLECTOR_CONFIG } from '../../collector/server/config';
import { EDGE_CONFIG } from '../../edge-emulator/config';
import { MODEL_CONFIG } from '../../model/config';
import { ConfigError, defineConfig, integer, list, type Setting } from '../../service-kit/config';
import { DOC_PAGES, readDocPage } from '../helpers/doc-pages';

const tableRows = DOC_PAGES.flatMap((page) => readDocPage(page).split('\n'))
  .filter((line) => line.startsWith('| `'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

/** Rows whose first cell names the variable (a cell may name several: `A`, `B`). */
function rowsNaming(env: string): string[][] {
  return tableRows.filter((row) => (row[0].match(/`[A-Z0-9_]+`/g) ?? ([] as string[])).includes(`\`${env}\``));
}

/** The value a cell starts with: `3000`, `127.0.0.1` or 3000; words ("cores", "see above") have none. */
function leadingValue(cell: string): string | undefined {
  return /^`([^`]*)`/.exec(cell)?.[1] ?? /^(\d+)\b/.exec(cell)?.[1];
}

const services: [string, Record<string, Setting<unknown>>][] = [
  ['bff', BFF_CONFIG.settings],
  ['model', MODEL_CONFIG.settings],
  ['collector', COLLECTOR_CONFIG.settings],
  ['edge emulator', EDGE_CONFIG.settings],
];

for (const [service, settings] of services) {
  describe(`${service} settings`, () => {
    it(`are each in an env table of ${DOC_PAGES.join(', ')}`, () => {
      for (const setting of Object.values(settings)) assert.ok(rowsNaming(setting.env).length > 0, `${setting.env} has a table row`);
    });

    it('are documented with their default where it is a plain value', () => {
      for (const setting of Object.values(settings)) {
        const value = setting.default;
        if (!(typeof value === 'number' || typeof value === 'boolean' || (typeof value === 'string' && value !== ''))) continue;
        const documented = rowsNaming(setting.env).flatMap((row) => row.slice(1).map(leadingValue));
        assert.ok(documented.includes(String(value)), `${setting.env}: default ${value}, documented ${JSON.stringify(documented)}`);
      }
    });

    it('have a doc line', () => {
      for (const setting of Object.values(settings)) assert.ok(setting.doc.length > 10, setting.env);
    });
  });
}

describe('defineConfig', () => {
  const demo = defineConfig({
    limit: { env: 'DEMO_LIMIT', default: 5, parse: integer(1, 10), doc: 'a limit' },
    hosts: { env: 'DEMO_HOSTS', default: () => ['a'], parse: list, doc: 'hosts' },
  });

  it('takes the default for an unset or empty variable, and calls a default function', () => {
    assert.deepEqual(demo.load({}), { limit: 5, hosts: ['a'] });
    assert.deepEqual(demo.load({ DEMO_LIMIT: '', DEMO_HOSTS: '' }), { limit: 5, hosts: ['a'] });
    assert.deepEqual(demo.load({ DEMO_LIMIT: '7', DEMO_HOSTS: 'x, y,,' }), { limit: 7, hosts: ['x', 'y'] });
  });

  it('fails fast on a bad value, naming variable, value and what is allowed', () => {
    for (const raw of ['0', '11', '5.5', 'five', '1e1', ' ']) {
      assert.throws(
        () => demo.load({ DEMO_LIMIT: raw }),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.env === 'DEMO_LIMIT' &&
          err.message === `DEMO_LIMIT=${JSON.stringify(raw)} is not valid: DEMO_LIMIT must be an integer from 1 to 10`,
        raw,
      );
    }
  });
});
