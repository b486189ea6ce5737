/** Waiting without fixed sleeps: tests and benchmarks poll for a state with a deadline, and say what they saw when it passes. */

export interface WaitOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Poll interval, default 25 ms. */
  intervalMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` until it gives a value other than `undefined` or `false`, then resolves with it; once
 * the deadline passes, fails with `what` and `describe()`.
 */
export async function poll<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  describe: () => string | Promise<string>,
  what: string,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined && found !== false) return found;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\n${await describe()}`);
    await sleep(Math.min(intervalMs, Math.max(1, deadline - Date.now())));
  }
}
