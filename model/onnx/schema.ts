// The part of ONNX's protobuf schema (onnx/onnx.proto, IR version 8) that a converted
// feed-forward graph needs: model, graph, node, attribute, tensor and value info, as a protobufjs
// JSON descriptor (onnx-subset.json). Field numbers are the spec's; onnx.proto is proto2, whose
// parsers accept packed and unpacked repeated scalars alike. Nested messages are flattened, as their
// names are not on the wire: TensorTypeProto is onnx.proto's TypeProto.Tensor, and Dimension its
// TensorShapeProto.Dimension (a fixed size or a symbolic name).
import protobuf from 'protobufjs';
import descriptor from './onnx-subset.json';

const root = protobuf.Root.fromJSON(descriptor);

export const ModelProto = root.lookupType('onnx.ModelProto');

/** TensorProto.DataType */
export const DataType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const;

/** AttributeProto.AttributeType */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

/** IR version 8 (ONNX 1.10+) and opset 13, both read by every onnxruntime since 1.10. */
export const IR_VERSION = 8;
export const OPSET = 13;
