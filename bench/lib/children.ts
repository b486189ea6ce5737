/** Child processes for the BFF benches: the built services and the collector, each in its own process (one agent each). */
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = path.join(__dirname, '..', '..');
/** `BENCH_DIST` runs another build (e.g. a checkout of main) with the same load, for before/after figures. */
export const DIST_NODE = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist', 'node');

export interface Child {
  address: string;
  proc: ChildProcess;
  lines: Record<string, unknown>[];
}

export function startChild(entry: string, env: Record<string, string>): Promise<Child> {
  const file = path.join(DIST_NODE, entry);
  if (!existsSync(file)) throw new Error(`${file} missing: run npm run build:node first`);
  return spawnChild([file], entry, env);
}

/** The collector in its own process, so its ingest work does not slow this load generator. */
export function startCollectorChild(): Promise<Child & { grpc: string; http: string }> {
  const script = `const c = require(${JSON.stringify(path.join(DIST_NODE, 'collector', 'server', 'server'))}); const l = require(${JSON.stringify(path.join(DIST_NODE, 'collector', 'server', 'logger'))});
    c.start({ grpcPort: 0, httpPort: 0, host: '127.0.0.1', logger: l.silentLogger }).then((r) => {
      console.log(JSON.stringify({ address: r.grpcAddress, http: r.httpUrl }));
      process.on('SIGTERM', () => r.stop().then(() => process.exit(0)));
    });`;
  return spawnChild(['-e', script], 'collector', {}).then((child) => ({ ...child, grpc: child.address, http: String(child.lines.find((l) => l.http)?.http) }));
}

function spawnChild(args: string[], entry: string, env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, SW_AGENT_LOGGING_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  return new Promise((resolve, reject) => {
    let partial = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        try {
          const rec = JSON.parse(line) as Record<string, unknown>;
          lines.push(rec);
          if (typeof rec.address === 'string') resolve({ address: rec.address, proc, lines });
        } catch {
          /* not JSON */
        }
      }
    });
    proc.once('exit', (code) => reject(new Error(`${entry} exited ${code}`)));
    setTimeout(() => reject(new Error(`${entry} logged no address in 30 s`)), 30_000).unref();
  });
}

export async function stopChild(child: Child): Promise<void> {
  if (child.proc.exitCode !== null) return;
  const exited = new Promise((r) => child.proc.once('exit', r));
  child.proc.kill('SIGTERM');
  const t = setTimeout(() => child.proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

export async function waitReady(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get(`${url}/readyz`, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready in ${deadlineMs} ms`);
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
