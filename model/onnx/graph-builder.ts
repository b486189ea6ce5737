// Accumulates ONNX nodes, initializers and names, then encodes a ModelProto.
import { AttributeType, DataType, IR_VERSION, ModelProto, OPSET } from './schema';

export type AttrValue = number | number[] | string | { float: number };

interface Attribute {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
}
interface Node {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: Attribute[];
}
interface Initializer {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}
interface ValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: Array<{ dimValue?: number; dimParam?: string }> } } };
}

/** A dimension: a fixed size, or a name for a size known only at run time (the batch). */
export type Dim = number | string;

function attribute(name: string, v: AttrValue): Attribute {
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: Buffer.from(v, 'utf8') };
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
  if (typeof v === 'object') return { name, type: AttributeType.FLOAT, f: v.float };
  return { name, type: AttributeType.INT, i: v };
}

function valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfo {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } };
}

/** Little-endian bytes of a typed array (ONNX raw_data is little-endian; so is every host Node runs on). */
function bytesOf(a: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly used = new Set<string>();

  /** A name not used yet, derived from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  input(name: string, elemType: number, dims: Dim[]): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  floats(base: string, dims: number[], data: Float32Array): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`initializer ${base}: ${data.length} values for shape [${dims.join(',')}]`);
    const name = this.fresh(base);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: bytesOf(data) });
    return name;
  }

  int64s(base: string, values: number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: bytesOf(BigInt64Array.from(values.map(BigInt))) });
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  node(opType: string, inputs: string[], base: string, attrs: Record<string, AttrValue> = {}, output?: string): string {
    const out = output ?? this.fresh(base);
    this.used.add(out);
    this.nodes.push({
      name: this.fresh(`${base}/${opType}`),
      opType,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  encode(graphName: string, producerVersion: string): Uint8Array {
    const model = ModelProto.fromObject({
      irVersion: IR_VERSION,
      producerName: 'sw-edge-trace model server (folded tfjs graph → ONNX)',
      producerVersion,
      opsetImport: [{ domain: '', version: OPSET }],
      graph: { name: graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return ModelProto.encode(model).finish();
  }
}
