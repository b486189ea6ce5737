// Messages between the HTTP thread and an inference worker (structured clone over MessagePort).
import type { ClassifierInfo, KernelTime } from '../inference/classifier';

export interface WorkerSettings {
  modelDir: string | null;
  modelName: string | null;
  backend: string;
  fold: boolean;
  inputRange: [number, number];
  /** nice value of the worker thread (Linux), 0 = unchanged */
  nice?: number;
}

export interface ModelInfo extends ClassifierInfo {
  backend: string;
  loadMs: number;
}

export type ToWorker = { type: 'batch'; id: number; images: Uint8Array[]; profile: boolean };

export type FromWorker =
  | { type: 'ready'; info: ModelInfo }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; probabilities: Float32Array[]; inferMs: number; kernels?: KernelTime[]; numTensors: number }
  | { type: 'error'; id: number; message: string };
