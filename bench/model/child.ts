// Starts a server process for the benchmark and waits for the JSON log line that carries its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond = 0;
/** utime + stime of a process (all its threads) in ms, from /proc/<pid>/stat fields 14 and 15. */
export function processCpuMs(pid: number): number {
  if (!ticksPerSecond) ticksPerSecond = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export interface BenchChild {
  address: string;
  proc: ChildProcess;
  stop(): Promise<void>;
  rssMb(): number;
  cpuMs(): number;
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
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const e = JSON.parse(line) as { msg?: string; address?: string };
          if (e.address) address = e.address;
          if (e.msg === readyMsg && address) {
            resolve({
              address,
              proc,
              stop: async () => {
                proc.kill('SIGTERM');
                const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
                await exited;
                clearTimeout(t);
              },
              cpuMs: () => processCpuMs(proc.pid!),
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
