/** Closed-loop load and the figures the BFF benches print. */
export interface Run {
  latencies: number[];
  seconds: number;
  errors: number;
}

/** How long a closed loop runs: a number of calls, or a number of seconds. */
export type Budget = { calls: number } | { seconds: number };

/**
 * A closed loop: `concurrency` workers, each starting its next call as soon as its last one settled,
 * until the budget is spent. Resolves with the seconds it ran.
 */
export async function loop(concurrency: number, budget: Budget, one: () => Promise<void>): Promise<number> {
  const started = performance.now();
  let calls = 0;
  const more = 'calls' in budget ? () => calls++ < budget.calls : () => performance.now() < started + budget.seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (more()) await one();
    }),
  );
  return (performance.now() - started) / 1000;
}

/** `n` calls of `one` (which resolves with an HTTP status) over `concurrency` workers, timed one by one. */
export async function closedLoop(n: number, concurrency: number, one: () => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const seconds = await loop(concurrency, { calls: n }, async () => {
    const t = performance.now();
    const status = await one().catch(() => 0);
    latencies.push(performance.now() - t);
    if (status !== 200) errors++;
  });
  return { latencies, seconds, errors };
}

export const f1 = (n: number) => n.toFixed(1);
export const rps = (r: Run) => r.latencies.length / r.seconds;
