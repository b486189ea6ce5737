// Folds a Keras (tfjs layers) topology into a short graph of fused tfjs ops.
//
// Why: the nsfwjs MobileNetV2 runs 52 BatchNormalization, 35 ReLU and 5 ZeroPadding2D layers as
// separate passes over memory, and tfjs's depthwise conv is unfused. Folding each BN into the conv
// before it (kernel·s, bias·s + beta with s = gamma/√(var+eps)) and running conv+bias+relu6 as one
// fused kernel cuts wasm inference from ~62 to ~25 ms/image (facts/inference.md "Fused graph").
// The graph is executed node by node with tf.fused.* (the same kernels a converted graph model
// would call) rather than serialised to a GraphDef.
//
// Only a known subset of layers is supported; anything else returns a reason and the caller keeps
// the layers model as it is.
import type * as tfType from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor4D, Tensor2D, NamedTensorMap } from '@tensorflow/tfjs';

type Tf = typeof tfType;
type Activation = 'linear' | 'relu' | 'relu6';
type PadPairs = [[number, number], [number, number]];
type ConvPad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

export type FoldedNode =
  | { op: 'input'; id: string }
  | {
      op: 'conv' | 'depthwise';
      id: string;
      input: string;
      filter: Tensor4D;
      bias: Tensor1D;
      strides: [number, number];
      dilations: [number, number];
      pad: ConvPad;
      activation: Activation;
    }
  | { op: 'dense'; id: string; input: string; kernel: Tensor2D; bias: Tensor1D; activation: Activation }
  | { op: 'affine'; id: string; input: string; scale: Tensor1D; shift: Tensor1D }
  | { op: 'activation'; id: string; input: string; fn: 'relu' | 'relu6' | 'softmax' | 'sigmoid' | 'clip'; max?: number }
  | { op: 'add'; id: string; inputs: string[] }
  | { op: 'pad'; id: string; input: string; padding: PadPairs }
  | { op: 'pool'; id: string; input: string; kind: 'avg' | 'max'; size: [number, number]; strides: [number, number]; pad: 'same' | 'valid' }
  | { op: 'globalAvgPool'; id: string; input: string }
  | { op: 'flatten'; id: string; input: string };

export interface FoldedGraph {
  nodes: FoldedNode[];
  output: string;
  /** layers folded away or absorbed into a fused kernel */
  absorbed: number;
}

export type FoldOutcome = { ok: true; graph: FoldedGraph } | { ok: false; reason: string };

interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: Array<Array<[string, number, number, unknown]>>;
}

interface KerasModelConfig {
  class_name: string;
  config: { layers: KerasLayer[]; output_layers: Array<[string, number, number]> };
}

/** Keras/converter files wrap the config in `model_config`; tfjs's own model.save() does not. */
type KerasTopology = { model_config?: KerasModelConfig } & Partial<KerasModelConfig>;

export function kerasModelConfig(topology: unknown): KerasModelConfig | undefined {
  const t = topology as KerasTopology | null;
  if (!t) return undefined;
  if (t.model_config) return t.model_config;
  return t.class_name && t.config ? (t as KerasModelConfig) : undefined;
}

class Unsupported extends Error {}

function pair(v: unknown, fallback: [number, number]): [number, number] {
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  if (typeof v === 'number') return [v, v];
  return fallback;
}

function padPairs(v: unknown): PadPairs {
  if (typeof v === 'number') return [[v, v], [v, v]];
  if (Array.isArray(v) && v.length === 2) {
    const [h, w] = v as unknown[];
    const hh = Array.isArray(h) ? [Number(h[0]), Number(h[1])] : [Number(h), Number(h)];
    const ww = Array.isArray(w) ? [Number(w[0]), Number(w[1])] : [Number(w), Number(w)];
    return [hh as [number, number], ww as [number, number]];
  }
  throw new Unsupported(`ZeroPadding2D padding ${JSON.stringify(v)}`);
}

/** The activation a ReLU/Activation layer applies, if a fused kernel can run it. */
function fusableActivation(layer: KerasLayer): Activation | null {
  const c = layer.config;
  if (layer.class_name === 'ReLU') {
    const slope = Number(c.negative_slope ?? 0);
    const threshold = Number(c.threshold ?? 0);
    if (slope !== 0 || threshold !== 0) return null;
    if (c.max_value === null || c.max_value === undefined) return 'relu';
    return Number(c.max_value) === 6 ? 'relu6' : null;
  }
  if (layer.class_name === 'Activation') {
    if (c.activation === 'relu' || c.activation === 'relu6' || c.activation === 'linear') return c.activation;
  }
  return null;
}

export function foldKerasModel(tf: Tf, topology: unknown, weights: NamedTensorMap): FoldOutcome {
  try {
    let graph: FoldedGraph | null = null;
    tf.tidy(() => {
      graph = build(tf, topology as KerasTopology, weights);
    });
    return { ok: true, graph: graph! };
  } catch (err) {
    if (err instanceof Unsupported) return { ok: false, reason: err.message };
    throw err;
  }
}

function build(tf: Tf, topology: KerasTopology, weights: NamedTensorMap): FoldedGraph {
  const cfg = kerasModelConfig(topology);
  if (!cfg || (cfg.class_name !== 'Model' && cfg.class_name !== 'Functional')) {
    throw new Unsupported(`model class ${cfg?.class_name ?? 'missing'} (only functional models fold)`);
  }
  const layers = cfg.config.layers;
  if (cfg.config.output_layers.length !== 1) throw new Unsupported('more than one output');
  const inputsOf = (l: KerasLayer): string[] => {
    if (l.inbound_nodes.length > 1) throw new Unsupported(`layer ${l.name} is shared`);
    return (l.inbound_nodes[0] ?? []).map((n) => n[0]);
  };
  const consumers = new Map<string, KerasLayer[]>();
  for (const l of layers) for (const i of inputsOf(l)) consumers.set(i, [...(consumers.get(i) ?? []), l]);
  const soleConsumer = (name: string): KerasLayer | null => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 ? c[0] : null;
  };
  const w = (name: string): Tensor => {
    const t = weights[name];
    if (!t) throw new Unsupported(`weight ${name} missing`);
    return t;
  };

  const nodes: FoldedNode[] = [];
  const alias = new Map<string, string>(); // keras layer name → node id holding its output
  const deferredPad = new Map<string, { input: string; padding: PadPairs }>();
  const done = new Set<string>(); // layers absorbed into an earlier node
  let absorbed = 0;
  const src = (name: string): string => {
    const a = alias.get(name);
    if (a === undefined) throw new Unsupported(`input ${name} not built`);
    return a;
  };

  // Absorbs a following BN (and then an activation) into a conv/dense-like node's weights.
  const absorbBnAndActivation = (
    layer: KerasLayer,
    filter: Tensor,
    bias: Tensor1D,
    reshapeScale: (s: Tensor1D) => Tensor,
  ): { filter: Tensor; bias: Tensor1D; activation: Activation; last: string } => {
    let last = layer.name;
    let next = soleConsumer(last);
    if (next && next.class_name === 'BatchNormalization' && isChannelsLastBn(next)) {
      const { scale, shift } = bnAffine(tf, next, w);
      filter = tf.mul(filter, reshapeScale(scale));
      bias = tf.add(tf.mul(bias, scale), shift) as Tensor1D;
      done.add(next.name);
      absorbed++;
      last = next.name;
      next = soleConsumer(last);
    }
    let activation: Activation = 'linear';
    const act = next ? fusableActivation(next) : null;
    if (next && act) {
      activation = act;
      done.add(next.name);
      absorbed++;
      last = next.name;
    }
    return { filter, bias, activation, last };
  };

  for (const layer of layers) {
    if (done.has(layer.name)) continue;
    const c = layer.config;
    const ins = inputsOf(layer);
    switch (layer.class_name) {
      case 'InputLayer':
        nodes.push({ op: 'input', id: layer.name });
        alias.set(layer.name, layer.name);
        break;
      case 'ZeroPadding2D': {
        const padding = padPairs(c.padding);
        const next = soleConsumer(layer.name);
        const isConv = next && (next.class_name === 'Conv2D' || next.class_name === 'DepthwiseConv2D');
        if (isConv && next.config.padding === 'valid') {
          deferredPad.set(layer.name, { input: src(ins[0]), padding });
          absorbed++;
        } else {
          nodes.push({ op: 'pad', id: layer.name, input: src(ins[0]), padding });
          alias.set(layer.name, layer.name);
        }
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        if ((c.data_format ?? 'channels_last') !== 'channels_last') throw new Unsupported(`${layer.name}: channels_first`);
        const ownAct = String(c.activation ?? 'linear');
        let filter = w(`${layer.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`) as Tensor4D;
        const [, , cin, last] = filter.shape;
        const outChannels = depthwise ? cin * last : last;
        let bias: Tensor1D = c.use_bias ? (w(`${layer.name}/bias`) as Tensor1D) : tf.zeros([outChannels]);
        let activation: Activation = 'linear';
        let lastName = layer.name;
        if (ownAct === 'linear') {
          const r = absorbBnAndActivation(layer, filter, bias, (s) => (depthwise ? s.reshape([cin, last]) : s));
          filter = r.filter as Tensor4D;
          bias = r.bias;
          activation = r.activation;
          lastName = r.last;
        } else if (ownAct === 'relu' || ownAct === 'relu6') {
          activation = ownAct;
        } else {
          throw new Unsupported(`${layer.name}: activation ${ownAct}`);
        }
        let input = ins[0];
        let pad: ConvPad = c.padding === 'same' ? 'same' : 'valid';
        const deferred = deferredPad.get(input);
        if (deferred) {
          const [[t, b], [l, r]] = deferred.padding;
          pad = [[0, 0], [t, b], [l, r], [0, 0]];
          nodes.push({
            op: depthwise ? 'depthwise' : 'conv', id: layer.name, input: deferred.input,
            filter: tf.keep(tf.clone(filter)), bias: tf.keep(tf.clone(bias)),
            strides: pair(c.strides, [1, 1]), dilations: pair(c.dilation_rate, [1, 1]), pad, activation,
          });
        } else {
          input = src(input);
          nodes.push({
            op: depthwise ? 'depthwise' : 'conv', id: layer.name, input,
            filter: tf.keep(tf.clone(filter)), bias: tf.keep(tf.clone(bias)),
            strides: pair(c.strides, [1, 1]), dilations: pair(c.dilation_rate, [1, 1]), pad, activation,
          });
        }
        alias.set(lastName, layer.name);
        alias.set(layer.name, layer.name);
        break;
      }
      case 'Dense': {
        const kernel = w(`${layer.name}/kernel`) as Tensor2D;
        const bias: Tensor1D = c.use_bias ? (w(`${layer.name}/bias`) as Tensor1D) : tf.zeros([kernel.shape[1]]);
        const act = String(c.activation ?? 'linear');
        const fused: Activation = act === 'relu' || act === 'relu6' ? act : 'linear';
        nodes.push({ op: 'dense', id: layer.name, input: src(ins[0]), kernel: tf.keep(tf.clone(kernel)), bias: tf.keep(tf.clone(bias)), activation: fused });
        if (act === 'softmax' || act === 'sigmoid') {
          nodes.push({ op: 'activation', id: `${layer.name}/${act}`, input: layer.name, fn: act });
          alias.set(layer.name, `${layer.name}/${act}`);
        } else if (act !== 'linear' && fused === 'linear') {
          throw new Unsupported(`${layer.name}: activation ${act}`);
        } else {
          alias.set(layer.name, layer.name);
        }
        break;
      }
      case 'BatchNormalization': {
        if (!isChannelsLastBn(layer)) throw new Unsupported(`${layer.name}: BN axis ${JSON.stringify(c.axis)}`);
        const { scale, shift } = bnAffine(tf, layer, w);
        nodes.push({ op: 'affine', id: layer.name, input: src(ins[0]), scale: tf.keep(tf.clone(scale)), shift: tf.keep(tf.clone(shift)) });
        alias.set(layer.name, layer.name);
        break;
      }
      case 'ReLU':
      case 'Activation': {
        const act = fusableActivation(layer);
        const name = String(c.activation ?? '');
        if (act === 'linear') {
          alias.set(layer.name, src(ins[0]));
        } else if (act) {
          nodes.push({ op: 'activation', id: layer.name, input: src(ins[0]), fn: act });
          alias.set(layer.name, layer.name);
        } else if (layer.class_name === 'Activation' && (name === 'softmax' || name === 'sigmoid')) {
          nodes.push({ op: 'activation', id: layer.name, input: src(ins[0]), fn: name });
          alias.set(layer.name, layer.name);
        } else if (layer.class_name === 'ReLU' && Number(c.negative_slope ?? 0) === 0 && Number(c.threshold ?? 0) === 0) {
          nodes.push({ op: 'activation', id: layer.name, input: src(ins[0]), fn: 'clip', max: Number(c.max_value) });
          alias.set(layer.name, layer.name);
        } else {
          throw new Unsupported(`${layer.name}: ${layer.class_name} ${JSON.stringify(c)}`);
        }
        break;
      }
      case 'Add':
        nodes.push({ op: 'add', id: layer.name, inputs: ins.map(src) });
        alias.set(layer.name, layer.name);
        break;
      case 'AveragePooling2D':
      case 'MaxPooling2D':
        nodes.push({
          op: 'pool', id: layer.name, input: src(ins[0]), kind: layer.class_name === 'MaxPooling2D' ? 'max' : 'avg',
          size: pair(c.pool_size, [2, 2]), strides: pair(c.strides ?? c.pool_size, [2, 2]),
          pad: c.padding === 'same' ? 'same' : 'valid',
        });
        alias.set(layer.name, layer.name);
        break;
      case 'GlobalAveragePooling2D':
        nodes.push({ op: 'globalAvgPool', id: layer.name, input: src(ins[0]) });
        alias.set(layer.name, layer.name);
        break;
      case 'Flatten':
        nodes.push({ op: 'flatten', id: layer.name, input: src(ins[0]) });
        alias.set(layer.name, layer.name);
        break;
      case 'Dropout':
        alias.set(layer.name, src(ins[0])); // identity at inference
        absorbed++;
        break;
      default:
        throw new Unsupported(`layer ${layer.name} of class ${layer.class_name}`);
    }
  }
  return { nodes, output: src(cfg.config.output_layers[0][0]), absorbed };
}

function isChannelsLastBn(layer: KerasLayer): boolean {
  const axis = layer.config.axis;
  const a = Array.isArray(axis) ? axis : [axis];
  return a.length === 1 && (a[0] === -1 || a[0] === 3);
}

function bnAffine(tf: Tf, layer: KerasLayer, w: (n: string) => Tensor): { scale: Tensor1D; shift: Tensor1D } {
  const c = layer.config;
  const mean = w(`${layer.name}/moving_mean`) as Tensor1D;
  const variance = w(`${layer.name}/moving_variance`) as Tensor1D;
  const gamma = c.scale === false ? tf.onesLike(mean) : (w(`${layer.name}/gamma`) as Tensor1D);
  const beta = c.center === false ? tf.zerosLike(mean) : (w(`${layer.name}/beta`) as Tensor1D);
  const eps = Number(c.epsilon ?? 1e-3);
  const scale = tf.div(gamma, tf.sqrt(tf.add(variance, eps))) as Tensor1D;
  const shift = tf.sub(beta, tf.mul(mean, scale)) as Tensor1D;
  return { scale, shift };
}

function nodeInputs(n: FoldedNode): string[] {
  if (n.op === 'input') return [];
  if (n.op === 'add') return n.inputs;
  return [n.input];
}

/** For each value, the index of the last node that reads it. */
const lastUses = new WeakMap<FoldedGraph, Map<string, number>>();
function lastUseOf(graph: FoldedGraph): Map<string, number> {
  let m = lastUses.get(graph);
  if (!m) {
    m = new Map();
    graph.nodes.forEach((n, i) => nodeInputs(n).forEach((id) => m!.set(id, i)));
    lastUses.set(graph, m);
  }
  return m;
}

/**
 * Runs the folded graph on a [batch, h, w, c] input; call inside tf.tidy. Each intermediate is
 * disposed right after its last reader ran: holding every activation until the end of the tidy
 * costs hundreds of MB of wasm heap at batch 8 (the heap never shrinks).
 */
export function runFolded(tf: Tf, graph: FoldedGraph, input: Tensor4D): Tensor {
  const values = new Map<string, Tensor>();
  const lastUse = lastUseOf(graph);
  const inputIds = new Set(graph.nodes.filter((n) => n.op === 'input').map((n) => n.id));
  const get = (id: string): Tensor => {
    const v = values.get(id);
    if (!v) throw new Error(`folded graph: ${id} has no value`);
    return v;
  };
  for (const [i, n] of graph.nodes.entries()) {
    let out: Tensor;
    switch (n.op) {
      case 'input':
        out = input;
        break;
      case 'conv':
        out = tf.fused.conv2d({
          x: get(n.input) as Tensor4D, filter: n.filter, strides: n.strides, pad: n.pad, dilations: n.dilations,
          bias: n.bias, activation: n.activation,
        });
        break;
      case 'depthwise': {
        // fused.depthwiseConv2d takes no explicit padding: use SAME when it pads the same way
        // (ZeroPadding((0,1),(0,1)) + VALID, stride 2, even input), else pad first.
        let x = get(n.input) as Tensor4D;
        let pad: 'same' | 'valid';
        if (typeof n.pad === 'string') pad = n.pad;
        else if (isSamePadding(x.shape, n.filter.shape, n.strides, n.dilations, n.pad)) pad = 'same';
        else {
          x = tf.pad(x, n.pad);
          pad = 'valid';
        }
        out = tf.fused.depthwiseConv2d({
          x, filter: n.filter, strides: n.strides, pad, dilations: n.dilations, bias: n.bias, activation: n.activation,
        });
        break;
      }
      case 'dense':
        out = tf.fused.matMul({ a: get(n.input) as Tensor2D, b: n.kernel, bias: n.bias, activation: n.activation });
        break;
      case 'affine':
        out = tf.add(tf.mul(get(n.input), n.scale), n.shift);
        break;
      case 'activation': {
        const x = get(n.input);
        out = n.fn === 'relu' ? tf.relu(x)
          : n.fn === 'relu6' ? tf.relu6(x)
          : n.fn === 'softmax' ? tf.softmax(x)
          : n.fn === 'sigmoid' ? tf.sigmoid(x)
          : tf.clipByValue(x, 0, n.max ?? Infinity);
        break;
      }
      case 'add':
        out = n.inputs.length === 2 ? tf.add(get(n.inputs[0]), get(n.inputs[1])) : tf.addN(n.inputs.map(get));
        break;
      case 'pad':
        out = tf.pad(get(n.input), [[0, 0], n.padding[0], n.padding[1], [0, 0]]);
        break;
      case 'pool':
        out = n.kind === 'avg'
          ? tf.avgPool(get(n.input) as Tensor4D, n.size, n.strides, n.pad)
          : tf.maxPool(get(n.input) as Tensor4D, n.size, n.strides, n.pad);
        break;
      case 'globalAvgPool':
        out = tf.mean(get(n.input), [1, 2]);
        break;
      case 'flatten': {
        const x = get(n.input);
        out = tf.reshape(x, [x.shape[0], -1]);
        break;
      }
    }
    values.set(n.id, out);
    for (const id of nodeInputs(n)) {
      if (lastUse.get(id) === i && id !== graph.output && !inputIds.has(id)) {
        values.get(id)!.dispose();
        values.delete(id);
      }
    }
  }
  return get(graph.output);
}

/** Whether explicit padding equals TF's SAME padding for this input (TF conv2d docs, "padding"). */
function isSamePadding(
  x: number[], filter: number[], strides: [number, number], dilations: [number, number],
  pad: [[0, 0], [number, number], [number, number], [0, 0]],
): boolean {
  for (let d = 0; d < 2; d++) {
    const size = x[1 + d];
    const k = (filter[d] - 1) * dilations[d] + 1;
    const out = Math.ceil(size / strides[d]);
    const total = Math.max((out - 1) * strides[d] + k - size, 0);
    const before = Math.floor(total / 2);
    if (pad[1 + d][0] !== before || pad[1 + d][1] !== total - before) return false;
  }
  return true;
}

export function disposeFolded(graph: FoldedGraph): void {
  for (const n of graph.nodes) {
    if (n.op === 'conv' || n.op === 'depthwise') { n.filter.dispose(); n.bias.dispose(); }
    else if (n.op === 'dense') { n.kernel.dispose(); n.bias.dispose(); }
    else if (n.op === 'affine') { n.scale.dispose(); n.shift.dispose(); }
  }
}
