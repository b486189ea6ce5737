/** Closed-loop load and the figures the BFF benches print. */
import { readFileSync } from 'node:fs';

export interface Run {
  latencies: number[];
  seconds: number;
  errors: number;
}

export async function closedLoop(n: number, concurrency: number, one: () => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const t = performance.now();
        const status = await one().catch(() => 0);
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

export const f1 = (n: number) => n.toFixed(1);
export const rps = (r: Run) => r.latencies.length / r.seconds;

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
