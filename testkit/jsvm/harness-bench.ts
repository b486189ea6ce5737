// `-bench`: times whole requests through hooks the way Tyk's driver for that engine calls them.
import { TYKJS_PATH, type EngineName } from './engines';
import { runToEnd } from './harness-binary';
import type { HarnessSpec, HeaderMap } from './harness-client';

export interface BenchVariant {
  name: string;
  /** Global hook names, run in order (pre then post). */
  hooks: string[];
  /** Files loaded after the TykJS core into this rival's own VM (goja: each exports all of `hooks`). */
  files: string[];
}

export interface BenchOptions {
  /** Default otto. */
  engine?: EngineName;
  /** Rivals timed in a fresh random order within each iteration (paired samples). */
  variants: BenchVariant[];
  bodyBytes: number;
  iterations: number;
  warmup: number;
  seed?: number;
  timeoutMs?: number;
  tykjs?: string;
  headers?: HeaderMap;
  spec?: HarnessSpec;
  url?: string;
  /**
   * "between" (default): the Go collector is off while a request runs and a full collection runs
   * after it, timed apart (gcSamplesNs); "go": Go's default pacing, collections inside the timing.
   */
  gc?: 'between' | 'go';
}

export interface BenchVariantResult {
  name: string;
  hooks: string[];
  files: string[];
  /** Per request: every hook's marshal + per-call state (otto vm.Copy(), goja fresh runtime + replay) + run + decode + apply. Index i of every rival is the same iteration. */
  samplesNs: number[];
  hookSamplesNs: number[][];
  /** With gc "between": the full collection after each request; empty otherwise. */
  gcSamplesNs: number[];
  /** Request headers after the last hook of the last iteration. */
  finalHeaders: HeaderMap;
  bodyUnchanged: boolean;
}

export interface BenchResult {
  bodyBytes: number;
  iterations: number;
  warmup: number;
  gcMode: 'between' | 'go';
  variants: BenchVariantResult[];
}

/** `-bench`: times whole requests through each rival's hooks, rivals in turns. */
export async function benchHooks(opts: BenchOptions): Promise<BenchResult> {
  const args = [
    '-bench',
    '-tykjs',
    opts.tykjs ?? TYKJS_PATH,
    '-body-bytes',
    String(opts.bodyBytes),
    '-iterations',
    String(opts.iterations),
    '-warmup',
    String(opts.warmup),
  ];
  for (const v of opts.variants) {
    for (const part of [v.name, ...v.hooks, ...v.files]) {
      if (/[|,]/.test(part)) throw new Error(`bench variant part ${JSON.stringify(part)} must not contain "|" or ","`);
    }
    args.push('-variant', `${v.name}|${v.hooks.join(',')}|${v.files.join(',')}`);
  }
  if (opts.seed !== undefined) args.push('-seed', String(opts.seed));
  if (opts.timeoutMs !== undefined) args.push('-timeout-ms', String(opts.timeoutMs));
  if (opts.headers) args.push('-headers', JSON.stringify(opts.headers));
  if (opts.spec) args.push('-spec', JSON.stringify(opts.spec));
  if (opts.url) args.push('-url', opts.url);
  if (opts.gc) args.push('-gc', opts.gc);
  const engine = opts.engine ?? 'otto';
  const res = await runToEnd(engine, args, 600_000);
  if (res.status !== 0) throw new Error(`${engine}-harness -bench failed (exit ${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout) as BenchResult;
}
