// The folded graph: a list of fused tfjs ops in topological order, built by fold.ts from a Keras
// topology and executed by run-folded.ts.
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu' | 'relu6';
export type PadPairs = [[number, number], [number, number]];
export type ConvPad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

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
