// Reads a model into memory: the nsfwjs MobileNetV2 by default, or any tfjs layers/graph model
// in MODEL_DIR (model.json + weight shards + optional labels.json). No network access, ever.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { NSFWJS_LABELS, readNsfwjsModel } from './nsfwjs-files';

export interface LoadedArtifacts {
  name: string;
  format: 'layers-model' | 'graph-model';
  artifacts: io.ModelArtifacts;
  labels: string[] | null;
}

export const DEFAULT_MODEL_NAME = 'nsfwjs-mobilenet_v2';

export function readDefaultModel(): LoadedArtifacts {
  const files = readNsfwjsModel('mobilenet_v2');
  return {
    name: DEFAULT_MODEL_NAME,
    format: 'layers-model',
    artifacts: { modelTopology: files.modelTopology as io.ModelArtifacts['modelTopology'], weightSpecs: files.weightSpecs, weightData: files.weightData },
    labels: [...NSFWJS_LABELS],
  };
}

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: io.WeightsManifestConfig;
  [key: string]: unknown;
}

/** Cheap check of MODEL_DIR (no shards read), so a wrong folder fails before workers start. */
export function checkModelDir(dir: string): ModelJson {
  const jsonPath = path.join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`MODEL_DIR ${dir} has no model.json`);
  let json: ModelJson;
  try {
    json = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelJson;
  } catch (err) {
    throw new Error(`${jsonPath} is not JSON: ${(err as Error).message}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonPath} is not a tfjs model.json (modelTopology and weightsManifest required)`);
  }
  for (const group of json.weightsManifest) {
    for (const p of group.paths) if (!existsSync(path.join(dir, p))) throw new Error(`MODEL_DIR ${dir} lacks the weight file ${p}`);
  }
  return json;
}

export function readModelDir(dir: string, name?: string): LoadedArtifacts {
  const json = checkModelDir(dir);
  if (!json.weightsManifest) throw new Error('unreachable');
  const topo = json.modelTopology as Record<string, unknown>;
  const isGraph = json.format === 'graph-model' || Array.isArray(topo.node);
  const weightSpecs: io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) buffers.push(readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const { weightsManifest: _omit, ...rest } = json;
  void _omit;
  const labelsPath = path.join(dir, 'labels.json');
  let labels: string[] | null = null;
  if (existsSync(labelsPath)) {
    const parsed = JSON.parse(readFileSync(labelsPath, 'utf8')) as unknown;
    if (!Array.isArray(parsed) || !parsed.every((l) => typeof l === 'string')) {
      throw new Error(`${labelsPath} must be a JSON array of strings`);
    }
    labels = parsed as string[];
  }
  return {
    name: name || path.basename(path.resolve(dir)),
    format: isGraph ? 'graph-model' : 'layers-model',
    artifacts: {
      ...(rest as io.ModelArtifacts),
      weightSpecs,
      weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer,
    },
    labels,
  };
}
