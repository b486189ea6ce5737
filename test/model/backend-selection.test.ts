import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND_ORDER, backendCandidates, selectBackend } from '../../model/inference/backend';
import { loadModel } from '../../model/pool/load-model';
import { expectedBackend } from './helpers/expected-backend';
import { decodeShardFile } from '../../model/inference/nsfwjs-files';

const settings = { modelDir: null, modelName: null, fold: true, inputRange: [0, 1] as [number, number] };

describe('backend selection', () => {
  it('tries tensorflow, then onnxruntime, then wasm, then cpu, and says why it skipped one', async () => {
    assert.deepEqual(BACKEND_ORDER, ['tensorflow', 'onnxruntime', 'wasm', 'cpu']);
    const loaded = await loadModel({ ...settings, backend: '' });
    try {
      assert.equal(loaded.info.backend, expectedBackend());
      if (expectedBackend() !== 'tensorflow') assert.match(loaded.info.backendSkipped.join(';'), /tensorflow: /);
    } finally {
      loaded.classifier.dispose();
    }
  });

  it('MODEL_BACKEND=wasm serves on wasm even when onnxruntime is installed', async () => {
    const loaded = await loadModel({ ...settings, backend: 'wasm' });
    try {
      assert.equal(loaded.info.backend, 'wasm');
      assert.equal(loaded.info.execution, 'folded');
      assert.deepEqual(loaded.info.backendSkipped, []);
    } finally {
      loaded.classifier.dispose();
    }
  });

  it('the tfjs part tries tensorflow, then wasm, then cpu', async () => {
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

  it('rejects an unknown MODEL_BACKEND instead of falling back silently', async () => {
    assert.throws(() => backendCandidates('webgpu'), /MODEL_BACKEND must be one of tensorflow, onnxruntime, wasm, cpu/);
    await assert.rejects(loadModel({ ...settings, backend: 'webgpu' }), /MODEL_BACKEND must be one of/);
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
