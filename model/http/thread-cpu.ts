// CPU time of this process split by thread role, from /proc/self/task/<tid>/stat (Linux; empty
// elsewhere). Roles: `main` (HTTP parsing, routing, JSON, batching and the messages to workers),
// `inference` (the worker threads), `other` (libuv's thread pool, where sharp decodes, and V8's
// helper threads: GC, compilation). Node 20 does not name its threads, so a thread's role comes
// from its id: the process id is the main thread, the workers report theirs. `other` is the
// process total (/proc/<pid>/stat, which keeps the time of threads that have exited, such as idle
// libvips workers) minus the two others.
import { readFileSync } from 'node:fs';

export type ThreadRole = 'main' | 'inference' | 'other';

/** /proc reports times in USER_HZ ticks, 100 per second on every Linux architecture Node runs on. */
const TICK_MS = 10;

/** utime + stime in ms from a /proc stat line; fields 14 and 15, after a command name that may hold spaces. */
function statCpuMs(path: string): number | null {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null; // not Linux, or the thread ended between readdir and read
  }
}

export function cpuByThreadRole(inferenceTids: ReadonlySet<number>, pid = process.pid): Record<ThreadRole, number> {
  const ms: Record<ThreadRole, number> = { main: 0, inference: 0, other: 0 };
  const total = statCpuMs(`/proc/${pid}/stat`);
  if (total === null) return ms;
  ms.main = statCpuMs(`/proc/${pid}/task/${pid}/stat`) ?? 0;
  for (const tid of inferenceTids) ms.inference += statCpuMs(`/proc/${pid}/task/${tid}/stat`) ?? 0;
  ms.other = Math.max(0, total - ms.main - ms.inference);
  return ms;
}
