/**
 * A Node process for a test or a benchmark, one agent per process as in production: it reads the
 * child's pino lines and resolves once the child has logged the address it bound (and, when asked,
 * a line that says it is ready). Output is kept, so a child that dies or never gets ready explains itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export type LogLine = Record<string, any>;

export interface NodeChildOptions {
  /** Arguments to `node`, e.g. `['--import', 'tsx', 'bff/main.ts']` or a built file. */
  args: string[];
  /** Merged over this process's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Names the child in errors; defaults to the arguments. */
  label?: string;
  /** The line that says the child is ready; by default the first line that carries an `address`. A line that is not JSON comes as `{ raw }`. */
  ready?: (line: LogLine) => boolean;
  /** Default 30 000 ms. */
  timeoutMs?: number;
  /** `inherit` shows the child's stderr (benchmarks); by default it is kept for error messages. */
  stderr?: 'pipe' | 'inherit';
}

export interface NodeChild {
  /** The last `address` the child logged by the time it was ready (an http:// URL or host:port), or ''. */
  address: string;
  proc: ChildProcess;
  /** Every stdout line so far; a line that is not JSON is kept as `{ raw }`. */
  lines: LogLine[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, as an orchestrator stops it; SIGKILL after `graceMs`. Resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL if still running (cleanup). Resolves once it exited. */
  kill(): Promise<void>;
}

const hasAddress = (line: LogLine) => typeof line.address === 'string';

function parseLine(text: string): LogLine {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as LogLine;
  } catch {
    // not a log line: kept as it was printed
  }
  return { raw: text };
}

export function startNodeChild(options: NodeChildOptions): Promise<NodeChild> {
  const label = options.label ?? options.args.join(' ');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ready = options.ready ?? hasAddress;
  const proc = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'],
  });
  const lines: LogLine[] = [];
  let stderr = '';
  let address = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => proc.exitCode === null && proc.signalCode === null;
  const kill = async () => {
    if (running()) proc.kill('SIGKILL');
    await exited;
  };
  const stop = async (graceMs = 5000) => {
    if (!running()) return;
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(killer);
  };
  const output = () => `stdout: ${JSON.stringify(lines.slice(-40)).slice(0, 3000)}\nstderr: ${stderr.slice(-3000)}`;

  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () => settle(() => void kill().then(() => reject(new Error(`${label} was not ready after ${timeoutMs} ms.\n${output()}`)))),
      timeoutMs,
    );
    let partial = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) {
        if (!text.trim()) continue;
        const line = parseLine(text);
        lines.push(line);
        if (hasAddress(line)) address = line.address;
        if (ready(line)) settle(() => resolve({ address, proc, lines, stderr: () => stderr, exited, stop, kill }));
      }
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => (stderr += chunk));
    void exited.then(({ code, signal }) => settle(() => reject(new Error(`${label} exited (${code ?? signal}) before it was ready.\n${output()}`))));
  });
}
