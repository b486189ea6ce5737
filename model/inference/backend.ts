// Backend selection: tensorflow (tfjs-node, when it installed) → wasm → cpu.
// tfjs's setBackend() resolves false on failure and silently keeps going on cpu, so every
// candidate's result is checked and the active backend is reported (facts/inference.md).
export type Tf = typeof import('@tensorflow/tfjs');
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendChoice {
  tf: Tf;
  backend: BackendName;
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
 * Picks the first backend of `order` whose setBackend() succeeds. `wanted` (TF_BACKEND) narrows the
 * list to one name and makes its failure an error instead of a fallback.
 */
export async function selectBackend(wanted?: string): Promise<BackendChoice> {
  if (wanted !== undefined && wanted !== '' && !BACKEND_ORDER.includes(wanted as BackendName)) {
    throw new Error(`TF_BACKEND must be one of ${BACKEND_ORDER.join(', ')}; got ${JSON.stringify(wanted)}`);
  }
  const candidates = wanted ? [wanted as BackendName] : [...BACKEND_ORDER];
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
