// Backend + model + warm-up in one call: what a worker (or the naive baseline) does at start.
import { readDefaultModel, readModelDir } from '../inference/artifacts';
import { selectBackend, type Tf } from '../inference/backend';
import { loadClassifier, type Classifier } from '../inference/classifier';
import type { ModelInfo, WorkerSettings } from './protocol';

export async function loadModel(settings: WorkerSettings): Promise<{ tf: Tf; classifier: Classifier; info: ModelInfo }> {
  const started = performance.now();
  const { tf, backend } = await selectBackend(settings.backend);
  const artifacts = settings.modelDir ? readModelDir(settings.modelDir, settings.modelName ?? undefined) : readDefaultModel();
  if (settings.modelName) artifacts.name = settings.modelName;
  const classifier = await loadClassifier(tf, artifacts, { fold: settings.fold, inputRange: settings.inputRange });
  const { predict: _p, dispose: _d, runTensor: _r, ...rest } = classifier;
  void [_p, _d, _r];
  return { tf, classifier, info: { ...rest, backend, loadMs: Math.round(performance.now() - started) } };
}
