/**
 * The one percentile every benchmark prints: nearest rank (the smallest sample with at least p % of
 * the samples at or below it), so a p95 is always a latency that was measured, never interpolated.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export function medianAndP95(values: readonly number[]): { median: number; p95: number } {
  return { median: percentile(values, 50), p95: percentile(values, 95) };
}
