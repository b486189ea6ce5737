// MODEL_DIR: any tfjs layers or graph model (model.json + shards + labels.json), input size from
// the model. The layers model here has Conv2D → BatchNorm → ReLU6, ZeroPadding, DepthwiseConv2D,
// a residual Add, GlobalAveragePooling and Dense, so the folder takes the folding path too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { selectBackend, type Tf } from '../../model/inference/backend';
import { readModelDir } from '../../model/inference/artifacts';
import { loadClassifier } from '../../model/inference/classifier';
import { loadOnnxClassifier } from '../../model/inference/onnx-classifier';
import { loadModel } from '../../model/pool/load-model';
import { expectedBackend, expectedExecution } from './helpers/expected-backend';
import type { ModelServer } from '../../model/server';
import { gradient, noiseBytes } from '../../testkit/images';
import { startTestServer } from './helpers/server';

let tf: Tf;
let dir: string;
const layersDir = (): string => path.join(dir, 'layers');
const graphDir = (): string => path.join(dir, 'graph');

async function saveLayersModel(): Promise<void> {
  const input = tf.input({ shape: [32, 24, 3] });
  const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false, name: 'c1' }).apply(input);
  const bn = tf.layers.batchNormalization({ name: 'bn1' }).apply(conv);
  const act = tf.layers.reLU({ maxValue: 6, name: 'r1' }).apply(bn);
  const pad = tf.layers
    .zeroPadding2d({
      padding: [
        [0, 1],
        [0, 1],
      ],
      name: 'p1',
    })
    .apply(act);
  const dw = tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: 'd1' }).apply(pad);
  const bn2 = tf.layers.batchNormalization({ name: 'bn2' }).apply(dw);
  const proj = tf.layers.conv2d({ filters: 8, kernelSize: 1, useBias: true, name: 'c2' }).apply(bn2);
  const add = tf.layers.add({ name: 'a1' }).apply([proj as never, bn2 as never]);
  const gap = tf.layers.globalAveragePooling2d({ name: 'g1' }).apply(add);
  const out = tf.layers.dense({ units: 4, activation: 'softmax', name: 'out' }).apply(gap);
  const model = tf.model({ inputs: input, outputs: out as never });
  // Non-trivial BN statistics, so folding has something to get wrong.
  for (const name of ['bn1', 'bn2']) {
    const layer = model.getLayer(name);
    const n = layer.getWeights()[0].shape[0];
    const r = (seed: number, lo: number, hi: number) => tf.tensor1d(Array.from(noiseBytes(n, seed), (b) => lo + ((hi - lo) * b) / 255));
    layer.setWeights([r(1, 0.5, 1.5), r(2, -0.5, 0.5), r(3, -0.2, 0.2), r(4, 0.5, 2)]);
  }
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(
        path.join(layersDir(), 'model.json'),
        JSON.stringify({
          format: 'layers-model',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      writeFileSync(path.join(layersDir(), 'weights.bin'), Buffer.from(artifacts.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  writeFileSync(path.join(layersDir(), 'labels.json'), JSON.stringify(['cat', 'dog', 'fish', 'bird']));
  model.dispose();
}

/** A minimal converter-style graph model: x [-1,8,8,3] → Reshape [-1,192] → MatMul w → Softmax. */
function saveGraphModel(): void {
  const w = new Float32Array(192 * 2).map((_, i) => ((i % 7) - 3) / 50);
  const shape = new Int32Array([-1, 192]);
  const dim = (sizes: number[]) => ({ dim: sizes.map((s) => ({ size: String(s) })) });
  const json = {
    format: 'graph-model',
    generatedBy: 'test',
    convertedBy: 'hand',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim([-1, 8, 8, 3]) } } },
        { name: 'shape', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: dim([2]) } } } },
        { name: 'w', op: 'Const', attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim([192, 2]) } } } },
        { name: 'flat', op: 'Reshape', input: ['x', 'shape'], attr: { T: { type: 'DT_FLOAT' } } },
        { name: 'logits', op: 'MatMul', input: ['flat', 'w'], attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } } },
        { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: { type: 'DT_FLOAT' } } },
      ],
      versions: { producer: 1 },
    },
    weightsManifest: [
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'shape', shape: [2], dtype: 'int32' },
          { name: 'w', shape: [192, 2], dtype: 'float32' },
        ],
      },
    ],
  };
  writeFileSync(path.join(graphDir(), 'model.json'), JSON.stringify(json));
  writeFileSync(path.join(graphDir(), 'group1-shard1of1.bin'), Buffer.concat([Buffer.from(shape.buffer), Buffer.from(w.buffer)]));
}

let server: ModelServer | undefined;

before(async () => {
  ({ tf } = await selectBackend('wasm'));
  dir = mkdtempSync(path.join(os.tmpdir(), 'model-dir-'));
  for (const d of [layersDir(), graphDir()]) require('node:fs').mkdirSync(d);
  await saveLayersModel();
  saveGraphModel();
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('MODEL_DIR', () => {
  it('folds a layers model with BN, padding, depthwise and residual layers, giving the same outputs', async () => {
    const loaded = readModelDir(layersDir());
    const folded = await loadClassifier(tf, loaded, { fold: true });
    const plain = await loadClassifier(tf, loaded, { fold: false });
    assert.equal(folded.execution, 'folded', folded.foldSkipped);
    assert.deepEqual(folded.inputShape, [32, 24, 3]);
    assert.deepEqual(folded.labels, ['cat', 'dog', 'fish', 'bird']);
    const images = [1, 2, 3].map((s) => new Uint8Array(noiseBytes(32 * 24 * 3, s)));
    const a = await folded.predict(images);
    const b = await plain.predict(images);
    for (const [i, p] of a.probabilities.entries())
      for (const [j, v] of p.entries()) assert.ok(Math.abs(v - b.probabilities[i][j]) <= 1e-5, `image ${i} class ${j}`);
    folded.dispose();
    plain.dispose();
  });

  it('loads a graph model and takes its input size from it', async () => {
    const loaded = readModelDir(graphDir(), 'tiny-graph');
    assert.equal(loaded.format, 'graph-model');
    const c = await loadClassifier(tf, loaded);
    assert.equal(c.execution, 'graph');
    assert.deepEqual(c.inputShape, [8, 8, 3]);
    assert.deepEqual(c.labels, ['class_0', 'class_1'], 'no labels.json: numbered classes');
    const r = await c.predict([new Uint8Array(192).fill(255)]);
    assert.ok(Math.abs(r.probabilities[0][0] + r.probabilities[0][1] - 1) < 1e-5);
    c.dispose();
  });

  it("converts the same layers model to ONNX for onnxruntime, giving tfjs-wasm's outputs", async (t) => {
    if (expectedBackend() === 'wasm') return t.skip('onnxruntime-node is not installed');
    const loaded = readModelDir(layersDir());
    const native = await loadOnnxClassifier(tf, loaded, { inputRange: [-1, 1] });
    const wasm = await loadClassifier(tf, loaded, { inputRange: [-1, 1] });
    assert.equal(native.execution, 'onnx');
    assert.deepEqual(native.inputShape, [32, 24, 3]);
    const images = [4, 5, 6].map((s) => new Uint8Array(noiseBytes(32 * 24 * 3, s)));
    const a = await native.predict(images);
    const b = await wasm.predict(images);
    for (const [i, p] of a.probabilities.entries())
      for (const [j, v] of p.entries()) assert.ok(Math.abs(v - b.probabilities[i][j]) <= 1e-5, `image ${i} class ${j}: ${v} vs ${b.probabilities[i][j]}`);
    native.dispose();
    wasm.dispose();
  });

  it('serves a graph model on wasm, saying why onnxruntime did not take it; forced onnxruntime fails loudly', async () => {
    const settings = { modelDir: graphDir(), modelName: null, fold: true, inputRange: [0, 1] as [number, number] };
    const auto = await loadModel({ ...settings, backend: '' });
    assert.equal(auto.info.execution, 'graph');
    if (expectedBackend() === 'onnxruntime') {
      assert.equal(auto.info.backend, 'wasm');
      assert.match(auto.info.backendSkipped.join('; '), /onnxruntime: only layers models are converted to ONNX/);
    }
    auto.classifier.dispose();
    await assert.rejects(loadModel({ ...settings, backend: 'onnxruntime' }), /no backend could start \(onnxruntime: /);
  });

  it('serves a MODEL_DIR model over HTTP with its own labels and input size', async () => {
    server = await startTestServer({ modelDir: layersDir(), modelName: 'pets' });
    await server.ready;
    const meta = await request(server.address).get('/v1/models/default').expect(200);
    assert.deepEqual(meta.body.inputShape, [32, 24, 3]);
    assert.equal(meta.body.execution, expectedExecution(expectedBackend()));
    const image = await gradient(320, 240).png().toBuffer();
    const res = await request(server.address).post('/predict?top_k=4').set('Content-Type', 'image/png').send(image).expect(200);
    assert.equal(res.body.model, 'pets');
    assert.deepEqual(res.body.predictions.map((p: { label: string }) => p.label).sort(), ['bird', 'cat', 'dog', 'fish']);
  });
});
