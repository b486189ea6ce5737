// Fast load of the MobileNetV2 that the nsfwjs package ships as JS files.
// Each weight shard is a browserify bundle holding one `exports="<base64>"` literal. Requiring it
// costs ~4 s (V8 parses a 3.5 MB string literal in a function); slicing the literal out of the
// file and base64-decoding it takes ~16 ms (measured on a quiet 2-vCPU Intel Xeon VM, Node 20).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs';

export const NSFWJS_LABELS = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;

export function nsfwjsModelsDir(): string {
  // The package's exports map blocks deep paths, so resolve the main file and walk from there.
  return path.join(path.dirname(require.resolve('nsfwjs')), '..', 'models');
}

/** Cuts the single base64 string literal out of a shard file and decodes it. */
export function decodeShardFile(source: string): Buffer {
  const marker = 'exports="';
  const start = source.indexOf(marker);
  if (start < 0) throw new Error('shard file holds no exports="…" literal');
  const from = start + marker.length;
  const end = source.indexOf('"', from);
  if (end < 0) throw new Error('shard literal is not terminated');
  return Buffer.from(source.slice(from, end), 'base64');
}

export interface ModelArtifactsFiles {
  modelTopology: unknown;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export function readNsfwjsModel(name = 'mobilenet_v2'): ModelArtifactsFiles {
  const dir = path.join(nsfwjsModelsDir(), name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const manifest = require(path.join(dir, 'model.min.js')) as {
    modelTopology: unknown;
    weightsManifest: io.WeightsManifestConfig;
  };
  const buffers: Buffer[] = [];
  const weightSpecs: io.WeightsManifestEntry[] = [];
  for (const group of manifest.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      buffers.push(decodeShardFile(readFileSync(path.join(dir, `${p}.min.js`), 'latin1')));
    }
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return { modelTopology: manifest.modelTopology, weightSpecs, weightData };
}
