// Issue 11: the native backend runs the same model. The nsfwjs MobileNetV2 is folded, converted to
// ONNX in our own code and run by onnxruntime-node; the same inputs through tfjs-wasm (the folded
// graph) must give the same top class and max |Δ| ≤ 1e-4 on the probabilities. And 1,000 native
// inferences leak neither tfjs tensors nor native memory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, type Tf } from '../../model/inference/backend';
import { readDefaultModel } from '../../model/inference/artifacts';
import { loadClassifier, type Classifier } from '../../model/inference/classifier';
import { loadOnnxClassifier, loadOrt } from '../../model/inference/onnx-classifier';
import { decodeImage } from '../../model/image/decode';
import { gradient, jpeg, noise, noiseBytes, photoLike, shapes, solid } from '../../testkit/images';

const installed = loadOrt().ort !== null;
let tf: Tf;
let wasm: Classifier;
let native: Classifier;

before(async () => {
  if (!installed) return;
  ({ tf } = await selectBackend('wasm'));
  const artifacts = readDefaultModel();
  wasm = await loadClassifier(tf, artifacts);
  native = await loadOnnxClassifier(tf, artifacts);
});

after(() => {
  wasm?.dispose();
  native?.dispose();
});

const argmax = (a: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
};

const decode = async (bytes: Buffer): Promise<Uint8Array> => (await decodeImage(bytes, { width: 224, height: 224, channels: 3, maxPixels: 40e6 })).pixels;

describe('onnxruntime against tfjs-wasm, nsfwjs MobileNetV2', { skip: installed ? false : 'onnxruntime-node is not installed' }, () => {
  it('is the converted model, with the nsfwjs labels', () => {
    assert.equal(native.execution, 'onnx');
    assert.equal(wasm.execution, 'folded');
    assert.deepEqual(native.labels, ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy']);
    assert.deepEqual(native.inputShape, [224, 224, 3]);
  });

  it('gives the same top class and max |Δ| ≤ 1e-4 on varied images, alone and batched', async () => {
    const images: Array<[string, Uint8Array]> = [
      ['gradient', await decode(await jpeg(gradient(640, 480)))],
      ['shapes', await decode(await shapes(500, 400).png().toBuffer())],
      ['noise', await decode(await noise(300, 300, 7).png().toBuffer())],
      ['photo-like 1', await decode(await jpeg(photoLike(1024, 768, 1)))],
      ['photo-like 2', await decode(await jpeg(photoLike(800, 600, 2)))],
      ['skin tone', await decode(await jpeg(solid(320, 240, '#e0ac8a')))],
      ['raw noise', new Uint8Array(noiseBytes(224 * 224 * 3, 11))],
    ];
    const pixels = images.map(([, p]) => p);
    const expected = (await wasm.predict(pixels)).probabilities;
    const batched = (await native.predict(pixels)).probabilities;
    const alone = await Promise.all(pixels.map(async (p) => (await native.predict([p])).probabilities[0]));
    const tops = new Set<number>();
    images.forEach(([name], i) => {
      for (const [how, got] of [
        ['batched', batched[i]],
        ['alone', alone[i]],
      ] as const) {
        const maxDiff = Math.max(...Array.from(expected[i], (v, j) => Math.abs(v - got[j])));
        assert.ok(maxDiff <= 1e-4, `${name} ${how}: max |Δ| ${maxDiff}`);
        assert.equal(argmax(got), argmax(expected[i]), `${name} ${how}: top class`);
      }
      tops.add(argmax(expected[i]));
    });
    assert.ok(tops.size >= 2, `top classes seen: ${[...tops].join(',')}`);
  });

  it('leaks no tfjs tensors and no native memory over 1,000 inferences', async () => {
    const px = new Uint8Array(noiseBytes(224 * 224 * 3, 3));
    for (let i = 0; i < 50; i++) await native.predict([px]); // the arena reaches its size
    const tensors = tf.memory().numTensors;
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 1000; i++) await native.predict([px]);
    global.gc?.();
    const grownMb = (process.memoryUsage().rss - rss0) / 2 ** 20;
    assert.equal(tf.memory().numTensors, tensors);
    // A leaked copy of the 150 KB input per call would add 147 MB; the arena and the heap stay put.
    assert.ok(grownMb < 16, `RSS grew ${grownMb.toFixed(1)} MB over 1,000 inferences`);
  });
});
