/**
 * The port a service bound with PORT=0, read from the `address` of its "listening" log line (every
 * service logs one at info level), for a child whose output is kept as text.
 */
import { poll } from './poll';

export function listeningPort(output: string): number | undefined {
  const bound = /"address":"(?:https?:\/\/)?[^"]*:(\d+)"[^\n]*listening/.exec(output);
  return bound ? Number(bound[1]) : undefined;
}

/** Waits for that line; fails with the output when the child exits first or prints none in time. */
export async function waitForListeningPort(name: string, output: () => string, exited: () => boolean, timeoutMs: number): Promise<number> {
  const port = await poll(
    () => listeningPort(output()) ?? (exited() ? -1 : undefined),
    () => `${name} printed no listening address (its LOG_LEVEL must be info or debug):\n${output()}`,
    `${name}'s bound port`,
    { timeoutMs },
  );
  if (port < 0) throw new Error(`${name} exited before it listened:\n${output()}`);
  return port;
}
