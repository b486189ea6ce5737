// CPU per image by thread role (model/http/thread-cpu.ts), and the per-stage split docs/benchmarks.md
// reports: inference = worker threads; queue/batch = the HTTP thread's share measured with the
// raw pool (submit, batching, messages to and from workers); HTTP/serialisation = the rest of the
// HTTP thread; decode = libuv + V8 helper threads above their raw-pool level (sharp decodes there);
// helpers = that raw-pool level (V8's GC and compiler threads). The five add up to the total.
import type { ThreadRole } from '../../model/http/thread-cpu';

export type ThreadMs = Record<ThreadRole, number>;

export function perImage(before: ThreadMs, after: ThreadMs, images: number): ThreadMs {
  const n = Math.max(1, images);
  return { main: (after.main - before.main) / n, inference: (after.inference - before.inference) / n, other: (after.other - before.other) / n };
}

export interface StageSplit {
  decode: number;
  queueBatch: number;
  inference: number;
  http: number;
  helpers: number;
  total: number;
}

/** `raw` is the same backend's raw pool on pre-decoded pixels (no decode, no HTTP). */
export function stageSplit(server: ThreadMs, raw: ThreadMs): StageSplit {
  const queueBatch = Math.min(raw.main, server.main);
  const decode = Math.max(0, server.other - raw.other);
  const total = server.main + server.inference + server.other;
  return { decode, queueBatch, inference: server.inference, http: server.main - queueBatch, helpers: Math.min(raw.other, server.other), total };
}

/** Parses model_thread_cpu_seconds{thread=…} out of a /metrics text, in ms. */
export function threadMsFromMetrics(text: string): ThreadMs {
  const ms: ThreadMs = { main: 0, inference: 0, other: 0 };
  for (const m of text.matchAll(/^model_thread_cpu_seconds\{thread="(main|inference|other)"\} ([0-9.e+-]+)$/gm)) {
    ms[m[1] as ThreadRole] = Number(m[2]) * 1000;
  }
  return ms;
}
