// Issue 3: the optimised (BN-folded, fused) model must give the shipped model's outputs:
// max |Δ| ≤ 1e-5 and the same top class on varied images. Also the facts' linspace check, which
// pins the weights decoding of the fast loader.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor4D } from '@tensorflow/tfjs';
import { selectBackend, type Tf } from '../../model/inference/backend';
import { readDefaultModel } from '../../model/inference/artifacts';
import { loadClassifier, type TfjsClassifier as Classifier } from '../../model/inference/classifier';
import { decodeImage } from '../../model/image/decode';
import { gradient, jpeg, noise, photoLike, shapes, solid } from '../../testkit/images';

let tf: Tf;
let layers: Classifier;
let folded: Classifier;

before(async () => {
  ({ tf } = await selectBackend('wasm'));
  const artifacts = readDefaultModel();
  layers = await loadClassifier(tf, artifacts, { fold: false });
  folded = await loadClassifier(tf, artifacts, { fold: true });
});

after(() => {
  layers?.dispose();
  folded?.dispose();
});

function probabilities(model: Classifier, x: Tensor4D): Float32Array {
  const y = model.runTensor(x);
  try {
    return y.dataSync() as Float32Array;
  } finally {
    y.dispose();
  }
}

function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

describe('the shipped nsfwjs MobileNetV2, loaded from its package files', () => {
  it('answers the linspace input with the known probabilities', () => {
    const n = 224 * 224 * 3;
    const x = tf.linspace(0, 1, n).reshape([1, 224, 224, 3]) as Tensor4D;
    const expected = [0.7989, 0.0265, 0.1629, 0.0096, 0.0021];
    for (const model of [layers, folded]) {
      const p = probabilities(model, x);
      for (const [i, e] of expected.entries()) assert.ok(Math.abs(p[i] - e) < 5e-4, `${model.execution} class ${i}: ${p[i]} vs ${e}`);
    }
    x.dispose();
  });

  it('is folded: BN layers are gone and the metadata says so', () => {
    assert.equal(layers.execution, 'layers');
    assert.equal(folded.execution, 'folded');
    assert.equal(folded.foldSkipped, undefined);
    assert.deepEqual(folded.inputShape, [224, 224, 3]);
    assert.deepEqual(folded.labels, ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
  });
});

describe('the folded model against the shipped layers model', () => {
  it('gives the same outputs (max |Δ| ≤ 1e-5) and top class on varied generated images', async () => {
    const images: Array<[string, Buffer]> = [
      ['gradient', await jpeg(gradient(640, 480))],
      ['shapes', await shapes(500, 400).png().toBuffer()],
      ['noise', await noise(300, 300, 7).png().toBuffer()],
      ['photo-like 1', await jpeg(photoLike(1024, 768, 1))],
      ['photo-like 2', await jpeg(photoLike(800, 600, 2))],
      ['skin tone', await jpeg(solid(320, 240, '#e0ac8a'))],
      ['dark', await solid(64, 64, '#050505').webp().toBuffer()],
    ];
    const batch: Uint8Array[] = [];
    for (const [, bytes] of images) {
      batch.push((await decodeImage(bytes, { width: 224, height: 224, channels: 3, maxPixels: 40e6 })).pixels);
    }
    const a = await layers.predict(batch);
    const b = await folded.predict(batch);
    const tops = new Set<number>();
    images.forEach(([name], i) => {
      const pa = a.probabilities[i];
      const pb = b.probabilities[i];
      const maxDiff = Math.max(...Array.from(pa, (v, j) => Math.abs(v - pb[j])));
      assert.ok(maxDiff <= 1e-5, `${name}: max |Δ| ${maxDiff}`);
      assert.equal(argmax(pb), argmax(pa), `${name}: top class`);
      tops.add(argmax(pa));
    });
    // the images are varied enough to exercise more than one output class
    assert.ok(tops.size >= 2, `top classes seen: ${[...tops].join(',')}`);
  });

  it('gives the same answer for one image alone and inside a batch', async () => {
    const px = (await decodeImage(await jpeg(photoLike(400, 300, 9)), { width: 224, height: 224, channels: 3, maxPixels: 40e6 })).pixels;
    const other = (await decodeImage(await jpeg(gradient(300, 300)), { width: 224, height: 224, channels: 3, maxPixels: 40e6 })).pixels;
    const alone = (await folded.predict([px])).probabilities[0];
    const batched = (await folded.predict([other, px, other])).probabilities[1];
    for (const [i, v] of alone.entries()) assert.ok(Math.abs(v - batched[i]) <= 1e-5);
  });

  it('leaks no tensors over repeated predictions, profiled ones included', async () => {
    const px = new Uint8Array(224 * 224 * 3).fill(90);
    await folded.predict([px]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await folded.predict(i % 5 === 0 ? [px, px] : [px], { profile: i === 3 });
    assert.equal(tf.memory().numTensors, before);
  });

  it('reports the top kernels by time when profiled', async () => {
    const r = await folded.predict([new Uint8Array(224 * 224 * 3)], { profile: true });
    assert.ok(r.kernels && r.kernels.length > 0);
    assert.ok(
      r.kernels.some((k) => k.kernel === 'FusedConv2D'),
      JSON.stringify(r.kernels),
    );
    for (let i = 1; i < r.kernels.length; i++) assert.ok(r.kernels[i - 1].ms >= r.kernels[i].ms);
  });
});
