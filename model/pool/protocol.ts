// Messages between the HTTP thread and an inference worker (structured clone over MessagePort).
import type { ClassifierInfo, KernelTime } from '../inference/classifier';

export interface WorkerSettings {
  modelDir: string | null;
  modelName: string | null;
  backend: string;
  fold: boolean;
  inputRange: [number, number];
  /** onnxruntime intra-op threads per worker */
  intraOpThreads?: number;
  /** nice value of the worker thread (Linux), 0 = unchanged */
  nice?: number;
}

export interface ModelInfo extends ClassifierInfo {
  backend: string;
  /** earlier backends of the order and why each did not serve */
  backendSkipped: string[];
  /** threads one inference runs on (onnxruntime's intra-op pool; 1 for tfjs) */
  intraOpThreads: number;
  loadMs: number;
  /** Linux thread id of the worker, for CPU accounting per thread (bench, /metrics) */
  tid?: number;
}

export type ToWorker = { type: 'batch'; id: number; images: Uint8Array[]; profile: boolean };

export type FromWorker =
  | { type: 'ready'; info: ModelInfo }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; probabilities: Float32Array[]; inferMs: number; kernels?: KernelTime[]; numTensors: number }
  | { type: 'error'; id: number; message: string };
