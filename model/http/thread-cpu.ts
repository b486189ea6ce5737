// CPU time of this process split by thread role, from /proc/self/task/<tid>/stat (Linux; empty
// elsewhere). Roles: `main` (HTTP parsing, routing, JSON, batching and the messages to workers),
// `inference` (the worker threads), `other` (libuv's thread pool, where sharp decodes, and V8's
// helper threads: GC, compilation). Node 20 does not name its threads, so a thread's role comes
// from its id: the process id is the main thread, the workers report theirs.
import { readdirSync, readFileSync } from 'node:fs';

export type ThreadRole = 'main' | 'inference' | 'other';

/** /proc reports times in USER_HZ ticks, 100 per second on every Linux architecture Node runs on. */
const TICK_MS = 10;

export function cpuByThreadRole(inferenceTids: ReadonlySet<number>, pid = process.pid): Record<ThreadRole, number> {
  const ms: Record<ThreadRole, number> = { main: 0, inference: 0, other: 0 };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return ms;
  }
  for (const t of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between readdir and read
    }
    // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    const tid = Number(t);
    ms[tid === pid ? 'main' : inferenceTids.has(tid) ? 'inference' : 'other'] += cpu;
  }
  return ms;
}
