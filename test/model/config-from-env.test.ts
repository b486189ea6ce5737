// Bad values are refused naming the variable; defaults and overrides as documented.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../model/config';

describe('model config', () => {
  it('names the variable, the value and what is allowed on a bad value', () => {
    assert.throws(
      () => loadConfig({ MODEL_MAX_BATCH: '0' }),
      /^ConfigError: MODEL_MAX_BATCH="0" is not valid: MODEL_MAX_BATCH must be auto or an integer from 1 to 256$/,
    );
    assert.throws(() => loadConfig({ MODEL_INPUT_RANGE: '1,0' }), /MODEL_INPUT_RANGE="1,0" is not valid: MODEL_INPUT_RANGE must be "low,high" with low < high/);
    assert.throws(() => loadConfig({ MODEL_FOLD: 'maybe' }), /MODEL_FOLD must be true or false/);
  });

  it('reads defaults and overrides', () => {
    const c = loadConfig({ PORT: '0', MODEL_MAX_QUEUE: '5' }, { workers: 1 });
    assert.equal(c.port, 0);
    assert.equal(c.maxQueue, 5);
    assert.equal(c.workers, 1);
    assert.equal(c.maxBytes, 10 * 1024 * 1024);
    assert.equal(c.maxPixels, 40_000_000);
    assert.equal(c.maxBatch, null);
    assert.equal(loadConfig({ MODEL_MAX_BATCH: 'auto' }).maxBatch, null);
  });
});
