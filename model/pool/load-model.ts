// Backend + model + warm-up in one call: what a worker (or the naive baseline) does at start.
// Walks the backend order (model/inference/backend.ts); a candidate that fails to load, convert or
// pass its warm-up check is skipped with its reason, unless MODEL_BACKEND forced it.
import { readDefaultModel, readModelDir, type LoadedArtifacts } from '../inference/artifacts';
import { backendCandidates, selectBackend, type BackendName } from '../inference/backend';
import { loadClassifier, type Classifier } from '../inference/classifier';
import { loadOnnxClassifier } from '../inference/onnx-classifier';
import type { ModelInfo, WorkerSettings } from './protocol';

export interface LoadedModel {
  classifier: Classifier;
  info: ModelInfo;
  /** live tfjs tensors of this thread: constant between batches unless something leaks */
  numTensors(): number;
}

async function loadOn(backend: BackendName, artifacts: LoadedArtifacts, settings: WorkerSettings): Promise<Omit<LoadedModel, 'info'>> {
  if (backend === 'onnxruntime') {
    // tfjs only reads and folds the weights here; wasm is the quickest of its backends to start.
    const { tf } = await selectBackend('wasm').catch(() => selectBackend('cpu'));
    const classifier = await loadOnnxClassifier(tf, artifacts, { inputRange: settings.inputRange, threads: settings.intraOpThreads });
    return { classifier, numTensors: () => tf.memory().numTensors };
  }
  const { tf } = await selectBackend(backend);
  const classifier = await loadClassifier(tf, artifacts, { fold: settings.fold, inputRange: settings.inputRange });
  return { classifier, numTensors: () => tf.memory().numTensors };
}

export async function loadModel(settings: WorkerSettings): Promise<LoadedModel> {
  const started = performance.now();
  const candidates = backendCandidates(settings.backend);
  const artifacts = settings.modelDir ? readModelDir(settings.modelDir, settings.modelName ?? undefined) : readDefaultModel();
  if (settings.modelName) artifacts.name = settings.modelName;
  const skipped: string[] = [];
  for (const backend of candidates) {
    try {
      const loaded = await loadOn(backend, artifacts, settings);
      const c = loaded.classifier;
      const info: ModelInfo = {
        name: c.name,
        labels: c.labels,
        inputShape: c.inputShape,
        execution: c.execution,
        inputRange: c.inputRange,
        ...(c.foldSkipped ? { foldSkipped: c.foldSkipped } : {}),
        backend,
        backendSkipped: skipped,
        intraOpThreads: backend === 'onnxruntime' ? (settings.intraOpThreads ?? 1) : 1,
        loadMs: Math.round(performance.now() - started),
      };
      return { ...loaded, info };
    } catch (err) {
      skipped.push(`${backend}: ${(err as Error).message}`);
    }
  }
  throw new Error(`no backend could start (${skipped.join('; ')})`);
}
