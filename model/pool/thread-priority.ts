// Lowers the scheduling priority of the calling thread (Linux). Inference workers run at a higher
// nice value than the HTTP thread so that, when every core is busy with inference, health checks
// and request parsing still get the CPU at once. setpriority(PRIO_PROCESS, tid) acts on one thread
// on Linux (man 2 setpriority, "BUGS": threads do not share a nice value), and Node's
// os.setPriority(pid) is that call; /proc/thread-self names the calling thread's tid.
import { readlinkSync } from 'node:fs';
import os from 'node:os';

/** The calling thread's Linux thread id, or null elsewhere. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

export function niceThisThread(nice: number): { ok: true; tid: number } | { ok: false; reason: string } {
  if (nice === 0) return { ok: false, reason: 'nice 0 requested' };
  try {
    const tid = currentThreadId();
    if (tid === null) return { ok: false, reason: 'no thread id' };
    os.setPriority(tid, nice);
    return { ok: true, tid };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
