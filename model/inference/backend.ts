// Backend order: tensorflow (tfjs-node, when it installed) → onnxruntime (native, from npm) →
// wasm → cpu. Each candidate is initialised and checked; the first that works serves.
// tfjs's setBackend() resolves false on failure and silently keeps going on cpu, so every tfjs
// candidate's result is checked and the active backend is reported (measured on a quiet 2-vCPU Intel Xeon VM, Node 20; docs/model.md).
export type Tf = typeof import('@tensorflow/tfjs');
export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow' | 'onnxruntime' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'onnxruntime', 'wasm', 'cpu'];
const TFJS_BACKENDS: readonly TfjsBackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The backends to try, in order: all of them, or only the one MODEL_BACKEND forces. */
export function backendCandidates(wanted?: string): BackendName[] {
  if (wanted === undefined || wanted === '') return [...BACKEND_ORDER];
  if (!BACKEND_ORDER.includes(wanted as BackendName)) {
    throw new Error(`MODEL_BACKEND must be one of ${BACKEND_ORDER.join(', ')}; got ${JSON.stringify(wanted)}`);
  }
  return [wanted as BackendName];
}

export interface BackendChoice {
  tf: Tf;
  backend: TfjsBackendName;
  /** why earlier candidates were skipped, for the start-up log */
  skipped: string[];
}

function loadTfjsNode(): Tf | null {
  try {
    // optionalDependency: absent (MODULE_NOT_FOUND) or present without its addon; any error means "not here".
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@tensorflow/tfjs-node') as Tf;
  } catch {
    return null;
  }
}

/**
 * tfjs with the first of its backends (tensorflow → wasm → cpu) whose setBackend() succeeds.
 * `wanted` narrows the list to one name and makes its failure an error instead of a fallback.
 */
export async function selectBackend(wanted?: string): Promise<BackendChoice> {
  if (wanted !== undefined && wanted !== '' && !TFJS_BACKENDS.includes(wanted as TfjsBackendName)) {
    throw new Error(`a TensorFlow.js backend must be one of ${TFJS_BACKENDS.join(', ')}; got ${JSON.stringify(wanted)}`);
  }
  const candidates = wanted ? [wanted as TfjsBackendName] : [...TFJS_BACKENDS];
  const skipped: string[] = [];
  let tf: Tf | null = null;
  if (candidates.includes('tensorflow')) {
    tf = loadTfjsNode();
    if (!tf) skipped.push('tensorflow: @tensorflow/tfjs-node did not load');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!tf) tf = require('@tensorflow/tfjs') as Tf;
  // The wasm backend registers itself on import; kept as a fallback even when tfjs-node loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-backend-wasm');
  for (const name of candidates) {
    if (tf.findBackendFactory(name) === null) {
      if (name !== 'tensorflow') skipped.push(`${name}: not registered`);
      continue;
    }
    let ok = false;
    try {
      ok = await tf.setBackend(name);
    } catch (err) {
      skipped.push(`${name}: ${(err as Error).message}`);
      continue;
    }
    if (ok && tf.getBackend() === name) {
      await tf.ready();
      return { tf, backend: name, skipped };
    }
    skipped.push(`${name}: setBackend returned false`);
  }
  throw new Error(`no TensorFlow.js backend could start (${skipped.join('; ')})`);
}
