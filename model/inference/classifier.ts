// One loaded, warmed-up model on one tfjs backend: uint8 RGB pixels in, probabilities out.
// Used by each inference worker, by the naive baseline of the benchmark and by the tests.
import type * as tfType from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { LoadedArtifacts } from './artifacts';
import { disposeFolded, foldKerasModel, runFolded, topologyInputShape, type FoldedGraph } from './fold';

type Tf = typeof tfType;

/** folded: BN-folded fused tfjs ops; onnx: the folded graph converted to ONNX and run by onnxruntime */
export type Execution = 'folded' | 'layers' | 'graph' | 'onnx';

export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

export interface BatchResult {
  probabilities: Float32Array[];
  kernels?: KernelTime[];
}

export interface ClassifierInfo {
  name: string;
  labels: string[];
  /** [height, width, channels] */
  inputShape: [number, number, number];
  execution: Execution;
  /** why the folded graph was not used, when it was not */
  foldSkipped?: string;
  inputRange: [number, number];
}

/** What every backend's model offers the worker pool. */
export interface Classifier extends ClassifierInfo {
  predict(pixels: Uint8Array[], options?: { profile?: boolean }): Promise<BatchResult>;
  dispose(): void;
}

export interface TfjsClassifier extends Classifier {
  /** the model on an already scaled float input, [n, h, w, c] → [n, classes]; caller disposes */
  runTensor(x: Tensor4D): Tensor;
}

export interface ClassifierOptions {
  /** fold BN into the convolutions (default true for layers models) */
  fold?: boolean;
  /** what 0 and 255 map to; nsfwjs wants [0, 1] */
  inputRange?: [number, number];
  /** how many top kernels a profiled run reports */
  topKernels?: number;
}

export async function loadClassifier(tf: Tf, loaded: LoadedArtifacts, options: ClassifierOptions = {}): Promise<TfjsClassifier> {
  const inputRange = options.inputRange ?? [0, 1];
  let run: (x: Tensor4D) => Tensor;
  let inputShape: number[];
  let execution: Execution;
  let foldSkipped: string | undefined;
  let release: () => void;

  if (loaded.format === 'graph-model') {
    const model = await tf.loadGraphModel(tf.io.fromMemory(loaded.artifacts));
    inputShape = model.inputs[0].shape ?? [];
    run = (x) => model.predict(x) as Tensor;
    execution = 'graph';
    release = () => model.dispose();
  } else {
    let graph: FoldedGraph | null = null;
    if (options.fold !== false) {
      const weights = tf.io.decodeWeights(loaded.artifacts.weightData as ArrayBuffer, loaded.artifacts.weightSpecs ?? []);
      const outcome = foldKerasModel(tf, loaded.artifacts.modelTopology, weights);
      for (const t of Object.values(weights)) t.dispose();
      if (outcome.ok) graph = outcome.graph;
      else foldSkipped = outcome.reason;
    } else {
      foldSkipped = 'disabled';
    }
    const model = graph ? null : await tf.loadLayersModel(tf.io.fromMemory(loaded.artifacts));
    inputShape = model ? (model.inputs[0].shape as number[]) : topologyInputShape(loaded.artifacts.modelTopology);
    if (graph) {
      const g = graph;
      run = (x) => runFolded(tf, g, x);
      execution = 'folded';
      release = () => disposeFolded(g);
    } else {
      const m = model!;
      run = (x) => m.predict(x) as Tensor;
      execution = 'layers';
      release = () => m.dispose();
    }
  }

  const [h, w, c] = inputShape.slice(1).map(Number);
  if (!(h > 0 && w > 0 && (c === 3 || c === 1))) {
    throw new Error(`model input shape ${JSON.stringify(inputShape)} is not [batch, height, width, 1|3]`);
  }
  const size = h * w * c;
  const [lo, hi] = inputRange;
  const factor = (hi - lo) / 255;
  const topKernels = options.topKernels ?? 5;

  // The wasm backend copies a new tensor's values into its heap at once, so one scratch buffer can
  // serve every batch: no 4.8 MB allocation (and GC pressure) per batch of 8. Other backends may
  // keep a reference to the array, so they get a fresh one.
  const copiesOnWrite = tf.getBackend() === 'wasm';
  let scratch = new Float32Array(0);
  const toInput = (pixels: Uint8Array[]): Tensor4D => {
    const n = pixels.length * size;
    if (copiesOnWrite && scratch.length < n) scratch = new Float32Array(n);
    const data = copiesOnWrite ? scratch.subarray(0, n) : new Float32Array(n);
    pixels.forEach((p, i) => {
      if (p.length !== size) throw new Error(`image ${i} has ${p.length} values, the model takes ${size}`);
      const off = i * size;
      for (let j = 0; j < size; j++) data[off + j] = p[j] * factor + lo;
    });
    return tf.tensor4d(data, [pixels.length, h, w, c]);
  };

  let classes = 0;
  const predict = async (pixels: Uint8Array[], opts: { profile?: boolean } = {}): Promise<BatchResult> => {
    if (pixels.length === 0) return { probabilities: [] };
    const x = toInput(pixels);
    let y: Tensor;
    let kernels: KernelTime[] | undefined;
    try {
      if (opts.profile) {
        const info = await tf.profile(() => tf.tidy(() => run(x)));
        y = info.result as Tensor;
        kernels = await summariseKernels(info.kernels, topKernels);
      } else {
        y = tf.tidy(() => run(x));
      }
    } finally {
      x.dispose();
    }
    try {
      const flat = (await y.data()) as Float32Array;
      const n = pixels.length;
      classes = flat.length / n;
      const probabilities = Array.from({ length: n }, (_, i) => flat.slice(i * classes, (i + 1) * classes));
      return kernels ? { probabilities, kernels } : { probabilities };
    } finally {
      y.dispose();
    }
  };

  // Warm-up: the first run compiles kernels and allocates the wasm heap.
  const warm = await predict([new Uint8Array(size)]);
  classes = warm.probabilities[0].length;
  const labels = loaded.labels ?? Array.from({ length: classes }, (_, i) => `class_${i}`);
  if (labels.length !== classes) {
    release();
    throw new Error(`labels.json has ${labels.length} labels, the model outputs ${classes} classes`);
  }

  return {
    name: loaded.name,
    labels,
    inputShape: [h, w, c],
    execution,
    ...(foldSkipped ? { foldSkipped } : {}),
    inputRange,
    predict,
    runTensor: (x) => tf.tidy(() => run(x)),
    dispose: release,
  };
}

interface ProfiledKernel {
  name: string;
  kernelTimeMs: number | { error: string } | Promise<number | { error: string }>;
}

async function summariseKernels(kernels: ProfiledKernel[], top: number): Promise<KernelTime[]> {
  const totals = new Map<string, KernelTime>();
  for (const k of kernels) {
    // tf.profile lists each op wrapper (`fusedConv2d__op`) besides the kernel it runs: kernels only.
    if (k.name.endsWith('__op')) continue;
    const t = await k.kernelTimeMs;
    const ms = typeof t === 'number' ? t : 0;
    const entry = totals.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    totals.set(k.name, entry);
  }
  return [...totals.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((k) => ({ ...k, ms: Math.round(k.ms * 1000) / 1000 }));
}
