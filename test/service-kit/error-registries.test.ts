/**
 * Every service's error registry against its documented table (codes and statuses, nothing missing,
 * nothing extra), and the one body every error answer has. Cf. fastify's errors test.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BFF_ERRORS } from '../../bff/errors';
import { COLLECTOR_ERRORS } from '../../collector/errors';
import { EDGE_ERRORS } from '../../edge-emulator/errors';
import { MODEL_ERRORS } from '../../model/errors';
import { defineErrors, type ErrorRegistry } from '../../service-kit/errors';
import { DOC_PAGES, readDocPage } from '../helpers/doc-pages';

const text = DOC_PAGES.map(readDocPage).join('\n');

/** `| \`CODE\` | status | …` rows of every table; a code may be shown in more than one. */
function documentedStatuses(prefix: string): Map<string, Set<string>> {
  const rows = new Map<string, Set<string>>();
  for (const m of text.matchAll(new RegExp(`^\\| \`(${prefix}_ERR_[A-Z_]+)\` \\| ([^|]+) \\|`, 'gm'))) {
    const cells = rows.get(m[1]) ?? new Set<string>();
    cells.add(m[2].trim());
    rows.set(m[1], cells);
  }
  return rows;
}

/** A status the table writes in words, where the code passes on another service's status. */
const RELAYED_STATUS: Record<string, string> = { BFF_ERR_MODEL_REJECTED: "the model's 4xx" };
/** A 500 that is not a bug of ours: Tyk answers a failing JSVM middleware with 500, and so does the emulator. */
const NOT_A_BUG_500 = new Set(['EDGE_ERR_MIDDLEWARE']);

const registries: Pick<ErrorRegistry<string>, 'prefix' | 'specs' | 'internal' | 'answer'>[] = [BFF_ERRORS, MODEL_ERRORS, COLLECTOR_ERRORS, EDGE_ERRORS];

for (const registry of registries) {
  describe(`${registry.prefix} error registry`, () => {
    it('has exactly the codes and statuses of its documented table', () => {
      const documented = documentedStatuses(registry.prefix);
      assert.deepEqual([...documented.keys()].sort(), Object.keys(registry.specs).sort(), `${registry.prefix}_ERR_* codes in ${DOC_PAGES.join(', ')}`);
      for (const [code, spec] of Object.entries(registry.specs)) {
        assert.deepEqual([...documented.get(code)!], [RELAYED_STATUS[code] ?? String(spec.status)], code);
      }
    });

    it(`answers 500 only for ${registry.internal}`, () => {
      for (const [code, spec] of Object.entries(registry.specs)) {
        if (spec.status === 500 && !NOT_A_BUG_500.has(code)) assert.equal(code, registry.internal);
      }
    });

    it('turns anything else thrown into its internal code, without the message or stack', () => {
      const answer = registry.answer(new Error('secret path /etc/x at line 3'), 'abc');
      assert.equal(answer.expected, false);
      assert.equal(answer.status, 500);
      assert.deepEqual(answer.body, { code: registry.internal, error: registry.specs[registry.internal].error, detail: null, traceId: 'abc' });
    });
  });
}

describe('defineErrors', () => {
  const registry = defineErrors('DEMO', {
    DEMO_ERR_BUSY: { status: 503, error: 'Busy.' },
    DEMO_ERR_INTERNAL: { status: 500, error: 'Bug.' },
  });

  it('keeps the detail and headers of an expected error, in the one body shape', () => {
    const answer = registry.answer(new registry.Error('DEMO_ERR_BUSY', { detail: { maxQueue: 1 }, headers: { 'Retry-After': '2' } }), null);
    assert.equal(answer.expected, true);
    assert.equal(answer.status, 503);
    assert.deepEqual(answer.headers, { 'Retry-After': '2' });
    assert.deepEqual(Object.keys(answer.body), ['code', 'error', 'detail', 'traceId']);
    assert.deepEqual(answer.body, { code: 'DEMO_ERR_BUSY', error: 'Busy.', detail: { maxQueue: 1 }, traceId: null });
  });

  it('gives detail null when there is none, so every key is always there', () => {
    assert.deepEqual(registry.answerFor('DEMO_ERR_BUSY').body, { code: 'DEMO_ERR_BUSY', error: 'Busy.', detail: null, traceId: null });
  });

  it("treats another registry's error as a bug of this one", () => {
    const foreign = new MODEL_ERRORS.Error('MODEL_ERR_BUSY');
    assert.equal(registry.isError(foreign), false);
    assert.equal(registry.answer(foreign, null).body.code, 'DEMO_ERR_INTERNAL');
  });

  it('refuses a table that breaks the rules, naming the code', () => {
    assert.throws(
      () => defineErrors('DEMO', { OTHER_ERR_X: { status: 400, error: 'x' }, DEMO_ERR_INTERNAL: { status: 500, error: 'x' } }),
      /OTHER_ERR_X does not start with DEMO_ERR_/,
    );
    assert.throws(
      () => defineErrors('DEMO', { DEMO_ERR_X: { status: 200, error: 'x' }, DEMO_ERR_INTERNAL: { status: 500, error: 'x' } }),
      /DEMO_ERR_X has status 200/,
    );
    assert.throws(() => defineErrors('DEMO', { DEMO_ERR_X: { status: 400, error: 'x' } }), /no DEMO_ERR_INTERNAL/);
  });
});
