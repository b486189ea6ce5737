/** Polls until `check` is truthy, failing with `describe()` after the deadline. Never a fixed sleep as an assertion. */
export async function waitFor<T>(check: () => T | undefined | false, describe: () => string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
