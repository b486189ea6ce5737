// The worker pool without HTTP, in the bench process: pre-decoded pixels (the ceiling), or sharp
// decoding in front through the server's own limiter. Also sharp alone, for the decode question.
import { InferencePool } from '../../model/pool/pool';
import { decodeImage } from '../../model/image/decode';
import { createLimiter } from '../../model/image/limiter';
import { cpuByThreadRole } from '../../model/http/thread-cpu';
import { loadConfig } from '../../model/config';
import { perImage, type ThreadMs } from './cpu-split';
import { loop } from '../lib/load';

export const DECODE = { width: 224, height: 224, channels: 3 as const, maxPixels: 40e6 };

export interface RawResult {
  rate: number;
  cpu: ThreadMs;
  maxBatch: number;
}

export interface RawPool {
  run(seconds: number, opts: { decodeFrom?: Buffer }): Promise<RawResult>;
  close(): Promise<void>;
}

/** A pool like the server's (one worker per core, niced), `maxBatch` null = the backend's default. */
export async function startRawPool(backend: string, maxBatch: number | null, pixels: Uint8Array): Promise<RawPool> {
  const config = loadConfig({});
  const pool = await InferencePool.start({
    workers: config.workers,
    maxBatch,
    maxWaitMs: 0,
    maxQueue: 1_000_000,
    settings: { modelDir: null, modelName: null, backend, fold: true, inputRange: [0, 1], intraOpThreads: config.intraOpThreads, nice: config.workerNice },
  });
  const tids = new Set(pool.stats().tids.filter((t): t is number => t !== null));
  const decoders = createLimiter(config.decodeConcurrency);
  const once = async (seconds: number, decodeFrom?: Buffer): Promise<{ done: number; elapsed: number }> => {
    const inFlight = config.workers * pool.maxBatch * 2;
    let done = 0;
    const elapsed = await loop(inFlight, { seconds }, async () => {
      const px = decodeFrom ? (await decoders.run(() => decodeImage(decodeFrom, DECODE))).pixels : pixels;
      await pool.reserve()!.submit(px).done;
      done++;
    });
    return { done, elapsed };
  };
  return {
    async run(seconds, { decodeFrom }) {
      await once(1, decodeFrom); // warm-up: every batch size the workers will see
      const before = cpuByThreadRole(tids);
      const { done, elapsed } = await once(seconds, decodeFrom);
      return { rate: done / elapsed, cpu: perImage(before, cpuByThreadRole(tids), done), maxBatch: pool.maxBatch };
    },
    close: () => pool.close(),
  };
}

/** sharp alone, one image at a time, on an otherwise idle process: CPU ms per image (all threads). */
export async function decodeAlone(image: Buffer, n: number): Promise<{ cpuMs: number; wallMs: number }> {
  for (let i = 0; i < 10; i++) await decodeImage(image, DECODE);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await decodeImage(image, DECODE);
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / n, wallMs: (performance.now() - t0) / n };
}
