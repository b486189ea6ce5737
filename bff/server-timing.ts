/**
 * Server-Timing (W3C Server Timing, `metric;dur=<ms>` separated by commas). The model reports its
 * stages (decode, queue, infer, post); the BFF answers edge, bff, model and infer.
 */
export type Timings = Record<string, number>;

/** Lenient: unknown parameters are ignored, metrics without a numeric `dur` are skipped. */
export function parseServerTiming(header: string | string[] | undefined): Timings {
  const out: Timings = {};
  if (header === undefined) return out;
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const metric of text.split(',')) {
    const [name, ...params] = metric.split(';').map((s) => s.trim());
    if (!name) continue;
    for (const param of params) {
      const m = /^dur\s*=\s*"?(-?\d+(?:\.\d+)?)"?$/i.exec(param);
      if (m) out[name] = Number(m[1]);
    }
  }
  return out;
}

/** Metrics in the given order; undefined or non-finite durations are left out. */
export function formatServerTiming(metrics: [string, number | undefined][]): string {
  return metrics
    .filter((m): m is [string, number] => typeof m[1] === 'number' && Number.isFinite(m[1]))
    .map(([name, dur]) => `${name};dur=${Math.round(dur * 10) / 10}`)
    .join(', ');
}
