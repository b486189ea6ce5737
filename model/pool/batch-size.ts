// The largest batch a worker gets when MODEL_MAX_BATCH is auto, per backend, from `npm run
// bench:model` (raw pool, batch 1 against batch 8, same run). tfjs-wasm gains ~10 % per image
// from batch 8 (measured on a quiet 2-vCPU Intel Xeon VM, Node 20; docs/model.md); onnxruntime gains nothing (one thread, already near its
// GFLOP/s) and a batch of 8 makes seven requests wait for the eighth's inference.
export function defaultMaxBatch(backend: string): number {
  return backend === 'onnxruntime' ? 1 : 8;
}
