// Starts a server process for the benchmark and waits for the JSON log line that carries its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface BenchChild {
  address: string;
  proc: ChildProcess;
  stop(): Promise<void>;
  rssMb(): number;
}

export function startChild(args: string[], env: Record<string, string>, readyMsg: string, cwd: string): Promise<BenchChild> {
  const proc = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    let address = '';
    let buf = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const e = JSON.parse(line) as { msg?: string; address?: string };
          if (e.address) address = e.address;
          if (e.msg === readyMsg && address) {
            resolve({
              address, proc,
              stop: async () => {
                proc.kill('SIGTERM');
                const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
                await exited;
                clearTimeout(t);
              },
              rssMb: () => {
                const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
                return m ? Number(m[1]) / 1024 : NaN;
              },
            });
          }
        } catch {
          /* not a log line */
        }
      }
    });
    void exited.then(() => reject(new Error(`${args.join(' ')} exited before it was ready`)));
  });
}
