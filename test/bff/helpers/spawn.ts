/**
 * Runs a service's main.ts in a child process (one agent per process, as in production), reads its
 * pino lines, and resolves once it logs the address it bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');

export interface SpawnedService {
  address: string;
  child: ChildProcess;
  lines: Record<string, any>[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (cleanup). */
  kill(): void;
}

export function spawnService(entry: string, env: Record<string, string>, timeoutMs = 20_000): Promise<SpawnedService> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', SW_AGENT_LOGGING_LEVEL: 'error', SW_LOGGING_TARGET: 'console', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, any>[] = [];
  let err = '';
  let partial = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not log an address in ${timeoutMs} ms.\nstdout: ${JSON.stringify(lines).slice(0, 2000)}\nstderr: ${err.slice(0, 2000)}`));
    }, timeoutMs);
    let resolved = false;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.trim()) continue;
        let record: Record<string, any>;
        try {
          record = JSON.parse(line);
        } catch {
          record = { raw: line };
        }
        lines.push(record);
        if (!resolved && typeof record.address === 'string') {
          resolved = true;
          clearTimeout(timer);
          resolve({
            address: record.address,
            child,
            lines,
            stderr: () => err,
            exited,
            kill: () => {
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
            },
          });
        }
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (c: string) => (err += c));
    void exited.then(({ code }) => {
      if (!resolved) {
        clearTimeout(timer);
        reject(new Error(`${entry} exited with ${code} before logging an address.\nstderr: ${err.slice(0, 3000)}`));
      }
    });
  });
}

/** The BFF's main.ts with its agent and edge reporter pointed at a test collector. */
export function spawnTracedBff(
  collector: { httpUrl: string; grpcAddress: string },
  modelUrl: string,
  service: string,
  env: Record<string, string> = {},
): Promise<SpawnedService> {
  return spawnService('bff/main.ts', {
    PORT: '0',
    MODEL_URL: modelUrl,
    SW_OAP_HTTP_URL: collector.httpUrl,
    SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress,
    SW_AGENT_NAME: service,
    ...env,
  });
}
