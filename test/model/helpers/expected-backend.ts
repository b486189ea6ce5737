// The backend the model server must pick on this machine: the first of the order that installed.
import { loadOrt } from '../../../model/inference/onnx-classifier';

export function expectedBackend(): 'tensorflow' | 'onnxruntime' | 'wasm' {
  try {
    require('@tensorflow/tfjs-node');
    return 'tensorflow';
  } catch {
    return loadOrt().ort ? 'onnxruntime' : 'wasm';
  }
}

/** What the automatic choice runs the default model as. */
export function expectedExecution(backend: string): 'onnx' | 'folded' {
  return backend === 'onnxruntime' ? 'onnx' : 'folded';
}
