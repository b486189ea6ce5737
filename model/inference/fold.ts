// Folds a Keras (tfjs layers) topology into a short graph of fused tfjs ops.
//
// Why: the nsfwjs MobileNetV2 runs 52 BatchNormalization, 35 ReLU and 5 ZeroPadding2D layers as
// separate passes over memory, and tfjs's depthwise conv is unfused. Folding each BN into the conv
// before it (kernel·s, bias·s + beta with s = gamma/√(var+eps)) and running conv+bias+relu6 as one
// fused kernel cuts wasm inference from ~62 to ~25 ms/image (measured on a quiet 2-vCPU Intel Xeon VM, Node 20).
// The graph is executed node by node with tf.fused.* (the same kernels a converted graph model
// would call) rather than serialised to a GraphDef.
//
// Only a known subset of layers is supported; anything else returns a reason and the caller keeps
// the layers model as it is.
import type * as tfType from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor4D, Tensor2D, NamedTensorMap } from '@tensorflow/tfjs';
import type { Activation, ConvPad, FoldedGraph, FoldedNode, PadPairs } from './folded-graph';

export type { FoldedGraph, FoldedNode } from './folded-graph';
export { disposeFolded, runFolded } from './run-folded';

type Tf = typeof tfType;

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

/** [batch, h, w, c] of a Keras model's InputLayer, or [] */
export function topologyInputShape(topology: unknown): number[] {
  const layers = kerasModelConfig(topology)?.config.layers ?? [];
  const input = layers.find((l) => l.class_name === 'InputLayer');
  return (input?.config.batch_input_shape as number[] | undefined) ?? [];
}

class Unsupported extends Error {}

function pair(v: unknown, fallback: [number, number]): [number, number] {
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  if (typeof v === 'number') return [v, v];
  return fallback;
}

function padPairs(v: unknown): PadPairs {
  if (typeof v === 'number')
    return [
      [v, v],
      [v, v],
    ];
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
        let input: string;
        let pad: ConvPad = c.padding === 'same' ? 'same' : 'valid';
        const deferred = deferredPad.get(ins[0]);
        if (deferred) {
          // The ZeroPadding2D before this conv folds into the conv's own explicit padding.
          input = deferred.input;
          const [[t, b], [l, r]] = deferred.padding;
          pad = [
            [0, 0],
            [t, b],
            [l, r],
            [0, 0],
          ];
        } else {
          input = src(ins[0]);
        }
        nodes.push({
          op: depthwise ? 'depthwise' : 'conv',
          id: layer.name,
          input,
          filter: tf.keep(tf.clone(filter)),
          bias: tf.keep(tf.clone(bias)),
          strides: pair(c.strides, [1, 1]),
          dilations: pair(c.dilation_rate, [1, 1]),
          pad,
          activation,
        });
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
          op: 'pool',
          id: layer.name,
          input: src(ins[0]),
          kind: layer.class_name === 'MaxPooling2D' ? 'max' : 'avg',
          size: pair(c.pool_size, [2, 2]),
          strides: pair(c.strides ?? c.pool_size, [2, 2]),
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
