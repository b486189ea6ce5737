// The native backend: the folded graph converted to ONNX (model/onnx/from-folded.ts) and run by
// onnxruntime-node's bundled CPU build. tfjs is used only to read and fold the weights at start.
//
// Threads: one intra-op thread per session by default. The pool runs one worker per core, and ORT
// with 2 threads runs slower than with 1 when the other core is busy (measured on a quiet 2-vCPU Intel Xeon VM, Node 20; docs/model.md), so
// workers × intra-op threads = cores. With one thread ORT runs each batch on the calling (niced)
// worker thread and starts no thread pool of its own.
import type * as tfType from '@tensorflow/tfjs';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import type { LoadedArtifacts } from './artifacts';
import type { BatchResult, Classifier } from './classifier';
import { disposeFolded, foldKerasModel, topologyInputShape } from './fold';
import { foldedToOnnx } from '../onnx/from-folded';

type Tf = typeof tfType;
type Ort = typeof import('onnxruntime-node');

export interface OnnxOptions {
  inputRange?: [number, number];
  /** intra-op threads of each session (default 1) */
  threads?: number;
}

/** onnxruntime-node, or null when it did not install (an optional dependency) or its addon fails to load. */
export function loadOrt(): { ort: Ort } | { ort: null; reason: string } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { ort: require('onnxruntime-node') as Ort };
  } catch (err) {
    return { ort: null, reason: `onnxruntime-node did not load (${(err as Error).message.split('\n')[0]})` };
  }
}

export async function loadOnnxClassifier(tf: Tf, loaded: LoadedArtifacts, options: OnnxOptions = {}): Promise<Classifier> {
  const found = loadOrt();
  if (!found.ort) throw new Error(found.reason);
  const ort = found.ort;
  if (loaded.format !== 'layers-model') throw new Error('only layers models are converted to ONNX (this is a graph model)');
  const inputRange = options.inputRange ?? [0, 1];
  const weights = tf.io.decodeWeights(loaded.artifacts.weightData as ArrayBuffer, loaded.artifacts.weightSpecs ?? []);
  const folded = foldKerasModel(tf, loaded.artifacts.modelTopology, weights);
  for (const t of Object.values(weights)) t.dispose();
  if (!folded.ok) throw new Error(`the model does not fold (${folded.reason}), so it is not converted to ONNX`);
  const inputNode = folded.graph.nodes.find((n) => n.op === 'input');
  const [h, w, c] = inputShapeOf(loaded) ?? [];
  if (!inputNode || !(h > 0 && w > 0 && (c === 3 || c === 1))) {
    disposeFolded(folded.graph);
    throw new Error('model input is not [batch, height, width, 1|3]');
  }
  let exported: ReturnType<typeof foldedToOnnx>;
  try {
    exported = foldedToOnnx(folded.graph, { inputShape: [h, w, c], inputRange, name: loaded.name });
  } finally {
    disposeFolded(folded.graph);
  }
  const threads = options.threads ?? 1;
  const session: InferenceSession = await ort.InferenceSession.create(exported.bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const size = h * w * c;
  const { inputName, outputName, classes } = exported;

  const predict = async (pixels: Uint8Array[]): Promise<BatchResult> => {
    if (pixels.length === 0) return { probabilities: [] };
    pixels.forEach((p, i) => {
      if (p.length !== size) throw new Error(`image ${i} has ${p.length} values, the model takes ${size}`);
    });
    // One image goes in as it is; a batch is laid out once, contiguously.
    const data = pixels.length === 1 ? pixels[0] : concat(pixels, size);
    const input: OrtTensor = new ort.Tensor('uint8', data, [pixels.length, h, w, c]);
    const out = (await session.run({ [inputName]: input }))[outputName];
    const flat = out.data as Float32Array;
    if (flat.length !== pixels.length * classes) throw new Error(`onnxruntime returned ${flat.length} values for ${pixels.length} images`);
    return { probabilities: pixels.map((_, i) => flat.slice(i * classes, (i + 1) * classes)) };
  };

  // Warm-up and check: a first run allocates the arena; its answer must be a distribution.
  const warm = (await predict([new Uint8Array(size)])).probabilities[0];
  const sum = warm.reduce((a, b) => a + b, 0);
  if (!warm.every(Number.isFinite) || Math.abs(sum - 1) > 1e-3) {
    await session.release();
    throw new Error(`onnxruntime's warm-up answer is not a probability distribution (sum ${sum})`);
  }
  const labels = loaded.labels ?? Array.from({ length: classes }, (_, i) => `class_${i}`);
  if (labels.length !== classes) {
    await session.release();
    throw new Error(`labels.json has ${labels.length} labels, the model outputs ${classes} classes`);
  }
  return {
    name: loaded.name,
    labels,
    inputShape: [h, w, c],
    execution: 'onnx',
    inputRange,
    predict,
    dispose: () => void session.release(),
  };
}

function concat(pixels: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(pixels.length * size);
  for (const [i, p] of pixels.entries()) out.set(p, i * size);
  return out;
}

function inputShapeOf(loaded: LoadedArtifacts): number[] | undefined {
  const shape = topologyInputShape(loaded.artifacts.modelTopology);
  return shape.length === 4 ? shape.slice(1).map(Number) : undefined;
}
