// Converts a folded graph (model/inference/fold.ts: BN already folded into the convolutions) into
// an ONNX model that onnxruntime runs natively.
//
// Layout: tfjs runs NHWC, ONNX's Conv and pools run NCHW. The model takes the decoded uint8 NHWC
// pixels as they come from sharp; Cast, the input scaling and one Transpose run inside the graph,
// so the JS side copies no floats. Every 4-D value is NCHW from there on; a Flatten of a 4-D value
// transposes back to NHWC first so that it keeps Keras's element order.
//
// Kernels: tfjs conv filters are HWIO → ONNX OIHW. A depthwise filter [h, w, cin, mult] becomes a
// grouped conv (group = cin) with weights [cin·mult, 1, h, w]: TF numbers depthwise output channels
// c·mult + m, which is ONNX's group-major order. TF's SAME padding puts the odd pixel at the end:
// ONNX's auto_pad SAME_UPPER. Dense kernels [in, out] are Gemm's B as they are.
import type { Tensor } from '@tensorflow/tfjs';
import type { Activation, FoldedGraph, FoldedNode } from '../inference/folded-graph';
import { GraphBuilder, type AttrValue } from './graph-builder';
import { DataType } from './schema';

export class UnsupportedForOnnx extends Error {}

export interface OnnxExport {
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  classes: number;
}

export interface OnnxExportOptions {
  /** [height, width, channels] of one image */
  inputShape: [number, number, number];
  /** what pixel values 0 and 255 map to */
  inputRange: [number, number];
  name: string;
}

const INPUT = 'pixels';
const OUTPUT = 'probabilities';

function values(t: Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

/** [kh, kw, cin, cout] (HWIO) → [cout, cin, kh, kw] (OIHW) */
function hwioToOihw([kh, kw, cin, cout]: number[], src: Float32Array): { dims: number[]; data: Float32Array } {
  const out = new Float32Array(src.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) {
          out[((o * cin + i) * kh + y) * kw + x] = src[((y * kw + x) * cin + i) * cout + o];
        }
  return { dims: [cout, cin, kh, kw], data: out };
}

/**
 * depthwise [kh, kw, cin, mult] → grouped [cin·mult, 1, kh, kw]. In memory the depthwise filter is
 * an HWIO filter with one input channel and cin·mult outputs, which is what a grouped conv of cin
 * groups wants.
 */
function depthwiseToGrouped(t: Tensor): { dims: number[]; data: Float32Array; groups: number } {
  const [kh, kw, cin, mult] = t.shape;
  return { ...hwioToOihw([kh, kw, 1, cin * mult], values(t)), groups: cin };
}

export function foldedToOnnx(graph: FoldedGraph, options: OnnxExportOptions): OnnxExport {
  const g = new GraphBuilder();
  const rank = new Map<string, 2 | 4>(); // folded value id → rank of its ONNX value
  const name = new Map<string, string>(); // folded value id → ONNX value name
  const [h, w, c] = options.inputShape;
  const src = (id: string): string => {
    const n = name.get(id);
    if (!n) throw new UnsupportedForOnnx(`value ${id} used before it is computed`);
    return n;
  };
  const rankOf = (id: string): 2 | 4 => rank.get(id) ?? 4;
  const set = (id: string, onnxName: string, r: 2 | 4): void => {
    name.set(id, onnxName);
    rank.set(id, r);
  };
  const scalar = (base: string, v: number): string => g.floats(base, [], Float32Array.of(v));
  const activate = (x: string, fn: Activation | 'sigmoid', base: string): string => {
    if (fn === 'linear') return x;
    if (fn === 'relu') return g.node('Relu', [x], base);
    if (fn === 'relu6') return g.node('Clip', [x, scalar(`${base}/min`, 0), scalar(`${base}/max`, 6)], base);
    return g.node('Sigmoid', [x], base);
  };
  /** per-channel [C] → broadcastable against NCHW ([C, 1, 1]) or [N, C] ([C]) */
  const channelVector = (base: string, t: Tensor, r: 2 | 4): string => {
    const data = values(t);
    return g.floats(base, r === 4 ? [data.length, 1, 1] : [data.length], data);
  };

  let classes = 0;
  for (const n of graph.nodes) {
    switch (n.op) {
      case 'input': {
        const [lo, hi] = options.inputRange;
        let x = g.node('Cast', [g.input(INPUT, DataType.UINT8, ['batch', h, w, c])], 'input', { to: DataType.FLOAT });
        const factor = (hi - lo) / 255;
        if (factor !== 1) x = g.node('Mul', [x, scalar('input/scale', factor)], 'input');
        if (lo !== 0) x = g.node('Add', [x, scalar('input/offset', lo)], 'input');
        set(n.id, g.node('Transpose', [x], 'input/nchw', { perm: [0, 3, 1, 2] }), 4);
        break;
      }
      case 'conv':
      case 'depthwise': {
        const weights = n.op === 'conv' ? { ...hwioToOihw(n.filter.shape, values(n.filter)), groups: 1 } : depthwiseToGrouped(n.filter);
        const attrs: Record<string, AttrValue> = {
          kernel_shape: weights.dims.slice(2),
          strides: n.strides,
          dilations: n.dilations,
          group: weights.groups,
        };
        if (n.pad === 'same') attrs.auto_pad = 'SAME_UPPER';
        else if (n.pad === 'valid') attrs.pads = [0, 0, 0, 0];
        else attrs.pads = [n.pad[1][0], n.pad[2][0], n.pad[1][1], n.pad[2][1]];
        const y = g.node(
          'Conv',
          [src(n.input), g.floats(`${n.id}/W`, weights.dims, weights.data), g.floats(`${n.id}/B`, [n.bias.size], values(n.bias))],
          n.id,
          attrs,
        );
        set(n.id, activate(y, n.activation, n.id), 4);
        break;
      }
      case 'dense': {
        if (rankOf(n.input) !== 2) throw new UnsupportedForOnnx(`${n.id}: Dense on a ${rankOf(n.input)}-D value`);
        const [inputs, units] = n.kernel.shape;
        const y = g.node(
          'Gemm',
          [src(n.input), g.floats(`${n.id}/B`, [inputs, units], values(n.kernel)), g.floats(`${n.id}/C`, [units], values(n.bias))],
          n.id,
        );
        set(n.id, activate(y, n.activation, n.id), 2);
        classes = units;
        break;
      }
      case 'affine': {
        const r = rankOf(n.input);
        const y = g.node('Mul', [src(n.input), channelVector(`${n.id}/scale`, n.scale, r)], n.id);
        set(n.id, g.node('Add', [y, channelVector(`${n.id}/shift`, n.shift, r)], n.id), r);
        break;
      }
      case 'activation': {
        const r = rankOf(n.input);
        const x = src(n.input);
        let y: string;
        if (n.fn === 'softmax') y = g.node('Softmax', [x], n.id, { axis: r === 4 ? 1 : -1 });
        else if (n.fn === 'clip') y = g.node('Clip', [x, scalar(`${n.id}/min`, 0), ...(Number.isFinite(n.max) ? [scalar(`${n.id}/max`, n.max!)] : [])], n.id);
        else y = activate(x, n.fn, n.id);
        set(n.id, y, r);
        break;
      }
      case 'add':
        set(n.id, g.node(n.inputs.length === 2 ? 'Add' : 'Sum', n.inputs.map(src), n.id), rankOf(n.inputs[0]));
        break;
      case 'pad': {
        const [[t, b], [l, r]] = n.padding;
        set(n.id, g.node('Pad', [src(n.input), g.int64s(`${n.id}/pads`, [0, 0, t, l, 0, 0, b, r])], n.id), 4);
        break;
      }
      case 'pool': {
        const attrs: Record<string, AttrValue> = { kernel_shape: n.size, strides: n.strides };
        if (n.pad === 'same') attrs.auto_pad = 'SAME_UPPER';
        set(n.id, g.node(n.kind === 'avg' ? 'AveragePool' : 'MaxPool', [src(n.input)], n.id, attrs), 4);
        break;
      }
      case 'globalAvgPool':
        set(n.id, g.node('Flatten', [g.node('GlobalAveragePool', [src(n.input)], n.id)], n.id, { axis: 1 }), 2);
        break;
      case 'flatten': {
        let x = src(n.input);
        if (rankOf(n.input) === 4) x = g.node('Transpose', [x], `${n.id}/nhwc`, { perm: [0, 2, 3, 1] });
        set(n.id, g.node('Flatten', [x], n.id, { axis: 1 }), 2);
        break;
      }
      default:
        throw new UnsupportedForOnnx(`folded op ${(n as FoldedNode).op}`);
    }
  }
  if (rankOf(graph.output) !== 2 || classes === 0) throw new UnsupportedForOnnx('the model does not end in a Dense layer with a [batch, classes] output');
  g.node('Identity', [src(graph.output)], 'output', {}, OUTPUT);
  g.output(OUTPUT, DataType.FLOAT, ['batch', classes]);
  return { bytes: g.encode(options.name, '1'), inputName: INPUT, outputName: OUTPUT, classes };
}
