/** One stack service as a child process: output prefixed with its name, readiness polled, stopped with SIGTERM. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { StackService } from './services';

export interface RunningChild {
  name: string;
  child: ChildProcess;
  /** The last lines it printed, for the error message when it dies or never gets ready. */
  tail(): string[];
  stop(): Promise<void>;
}

const TAIL_LINES = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function spawnService(service: StackService, distNode: string, print: (line: string) => void): RunningChild {
  const child = spawn(process.execPath, [path.join(distNode, service.entry)], { env: service.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    print(`${service.name.padEnd(9)} | ${line}`);
  };
  createInterface({ input: child.stdout! }).on('line', collect);
  createInterface({ input: child.stderr! }).on('line', collect);
  return {
    name: service.name,
    child,
    tail: () => [...lines],
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resolves when `url` answers 2xx; rejects when the process exits first or the deadline passes. */
export async function waitReady(running: RunningChild, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null || running.child.signalCode !== null) {
      throw new Error(`${running.name} exited (${running.child.exitCode ?? running.child.signalCode}) before it was ready:\n${running.tail().join('\n')}`);
    }
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (answer.ok) return;
      last = `HTTP ${answer.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`${running.name} was not ready within ${timeoutMs} ms (${url}: ${last}):\n${running.tail().join('\n')}`);
}
