// Inference worker thread: one backend, one model. wasm threads do not work in
// Node (tfjs#3830), so parallelism comes from one of these per core (measured on a quiet 2-vCPU Intel Xeon VM, Node 20; docs/model.md).
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSettings } from './protocol';
import { loadModel } from './load-model';
import { currentThreadId, niceThisThread } from './thread-priority';

const port = parentPort;
if (!port) throw new Error('model/pool/worker must run as a worker thread');
const send = (msg: FromWorker): void => port.postMessage(msg);

const settings = workerData as WorkerSettings;
if (settings.nice) niceThisThread(settings.nice);
const tid = currentThreadId();

loadModel(settings).then(
  ({ classifier, info, numTensors }) => {
    send({ type: 'ready', info: { ...info, ...(tid ? { tid } : {}) } });
    port.on('message', (msg: ToWorker) => {
      if (msg.type !== 'batch') return;
      const started = performance.now();
      classifier.predict(msg.images, { profile: msg.profile }).then(
        (r) =>
          send({
            type: 'result',
            id: msg.id,
            probabilities: r.probabilities,
            inferMs: performance.now() - started,
            ...(r.kernels ? { kernels: r.kernels } : {}),
            numTensors: numTensors(),
          }),
        (err: unknown) => send({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
      );
    });
  },
  (err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
);
