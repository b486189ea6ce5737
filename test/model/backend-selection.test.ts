import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND_ORDER, selectBackend } from '../../model/inference/backend';
import { decodeShardFile } from '../../model/inference/nsfwjs-files';

describe('backend selection', () => {
  it('tries tensorflow, then wasm, then cpu, and reports why it skipped one', async () => {
    assert.deepEqual(BACKEND_ORDER, ['tensorflow', 'wasm', 'cpu']);
    const choice = await selectBackend();
    assert.equal(choice.tf.getBackend(), choice.backend);
    let tfjsNode = true;
    try {
      require('@tensorflow/tfjs-node');
    } catch {
      tfjsNode = false;
    }
    if (tfjsNode) assert.equal(choice.backend, 'tensorflow');
    else {
      assert.equal(choice.backend, 'wasm');
      assert.match(choice.skipped.join(';'), /tensorflow: @tensorflow\/tfjs-node did not load/);
    }
  });

  it('rejects an unknown TF_BACKEND instead of falling back silently', async () => {
    await assert.rejects(selectBackend('webgpu'), /TF_BACKEND must be one of tensorflow, wasm, cpu/);
  });

  it('fails loudly when the forced backend cannot start', async (t) => {
    try {
      require('@tensorflow/tfjs-node');
      t.skip('tfjs-node is installed here');
      return;
    } catch {
      /* expected on this machine */
    }
    await assert.rejects(selectBackend('tensorflow'), /no TensorFlow.js backend could start/);
  });
});

describe('nsfwjs shard files', () => {
  it('decodes the base64 literal of a browserify shard', () => {
    const src = `!function(e){}({1:[function(e,h,n){h.exports="${Buffer.from([1, 2, 3, 250]).toString('base64')}"},{}]},{},[1])(1)`;
    assert.deepEqual([...decodeShardFile(src)], [1, 2, 3, 250]);
  });

  it('names a file without a literal', () => {
    assert.throws(() => decodeShardFile('module.exports = 1'), /no exports=/);
  });
});
