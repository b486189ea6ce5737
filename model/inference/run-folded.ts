// Executes a folded graph with tf.fused.* kernels.
import type * as tfType from '@tensorflow/tfjs';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { FoldedGraph, FoldedNode } from './folded-graph';

type Tf = typeof tfType;

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
    for (const [i, n] of graph.nodes.entries()) for (const id of nodeInputs(n)) m!.set(id, i);
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
          x: get(n.input) as Tensor4D,
          filter: n.filter,
          strides: n.strides,
          pad: n.pad,
          dilations: n.dilations,
          bias: n.bias,
          activation: n.activation,
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
          x,
          filter: n.filter,
          strides: n.strides,
          pad,
          dilations: n.dilations,
          bias: n.bias,
          activation: n.activation,
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
        out =
          n.fn === 'relu'
            ? tf.relu(x)
            : n.fn === 'relu6'
              ? tf.relu6(x)
              : n.fn === 'softmax'
                ? tf.softmax(x)
                : n.fn === 'sigmoid'
                  ? tf.sigmoid(x)
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
        out =
          n.kind === 'avg' ? tf.avgPool(get(n.input) as Tensor4D, n.size, n.strides, n.pad) : tf.maxPool(get(n.input) as Tensor4D, n.size, n.strides, n.pad);
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
  x: number[],
  filter: number[],
  strides: [number, number],
  dilations: [number, number],
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
    if (n.op === 'conv' || n.op === 'depthwise') {
      n.filter.dispose();
      n.bias.dispose();
    } else if (n.op === 'dense') {
      n.kernel.dispose();
      n.bias.dispose();
    } else if (n.op === 'affine') {
      n.scale.dispose();
      n.shift.dispose();
    }
  }
}
