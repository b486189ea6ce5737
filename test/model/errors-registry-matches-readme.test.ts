// The error registry (model/errors.ts) and the code table in docs/errors.md must not drift apart, and
// every setting in model/config.ts must be documented in docs/model.md (like fastify's errors test).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_ERRORS, ModelError, toErrorBody } from '../../model/errors';
import { SETTINGS, loadConfig } from '../../model/config';

const doc = (name: string): string => readFileSync(path.join(__dirname, '..', '..', 'docs', name), 'utf8');
const errorsDoc = doc('errors.md');
const section = errorsDoc.slice(errorsDoc.indexOf('<!-- section:model -->'), errorsDoc.indexOf('<!-- /section:model -->'));
const modelDoc = doc('model.md');

describe('model error registry', () => {
  it('has exactly the codes and statuses of the docs/errors.md table', () => {
    const rows = [...section.matchAll(/^\| `(MODEL_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    const registry = Object.entries(MODEL_ERRORS).map(([code, e]) => [code, e.status]);
    assert.deepEqual(rows.sort(), registry.sort());
  });

  it('uses 4xx for client mistakes and 500 only for MODEL_ERR_INTERNAL', () => {
    for (const [code, e] of Object.entries(MODEL_ERRORS)) {
      if (e.status === 500) assert.equal(code, 'MODEL_ERR_INTERNAL');
    }
  });

  it('turns an unexpected error into MODEL_ERR_INTERNAL without its message or stack', () => {
    const { status, body } = toErrorBody(new Error('secret path /etc/x at line 3'), 'abc');
    assert.equal(status, 500);
    assert.deepEqual(body, { code: 'MODEL_ERR_INTERNAL', error: MODEL_ERRORS.MODEL_ERR_INTERNAL.error, traceId: 'abc' });
  });

  it('keeps the detail and headers of an expected error', () => {
    const { status, body, headers } = toErrorBody(new ModelError('MODEL_ERR_BUSY', { maxQueue: 1 }, { 'Retry-After': '2' }), null);
    assert.equal(status, 503);
    assert.deepEqual(body, { code: 'MODEL_ERR_BUSY', error: MODEL_ERRORS.MODEL_ERR_BUSY.error, detail: { maxQueue: 1 }, traceId: null });
    assert.deepEqual(headers, { 'Retry-After': '2' });
  });
});

describe('model config', () => {
  it('documents every env variable in docs/model.md', () => {
    for (const s of SETTINGS) assert.ok(modelDoc.includes(`\`${s.env}\``), `${s.env} is in docs/model.md`);
  });

  it('names the variable and the accepted range on a bad value', () => {
    assert.throws(() => loadConfig({ MODEL_MAX_BATCH: '0' }), /MODEL_MAX_BATCH must be an integer in \[1, 256\]/);
    assert.throws(() => loadConfig({ MODEL_INPUT_RANGE: '1,0' }), /MODEL_INPUT_RANGE/);
    assert.throws(() => loadConfig({ MODEL_FOLD: 'maybe' }), /MODEL_FOLD must be true or false/);
  });

  it('reads defaults and overrides', () => {
    const c = loadConfig({ PORT: '0', MODEL_MAX_QUEUE: '5' }, { workers: 1 });
    assert.equal(c.port, 0);
    assert.equal(c.maxQueue, 5);
    assert.equal(c.workers, 1);
    assert.equal(c.maxBytes, 10 * 1024 * 1024);
    assert.equal(c.maxPixels, 40_000_000);
  });
});
