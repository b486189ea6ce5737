// Inference threads run niced (MODEL_WORKER_NICE) so the HTTP thread keeps answering /healthz when
// inference saturates every core. Linux only: the nice value of one thread is in
// /proc/self/task/<tid>/stat (field 19).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

function niceOf(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[16]); // field 19 overall; fields[0] is field 3 (state)
}

describe('worker thread priority', { skip: !existsSync('/proc/thread-self') && 'needs Linux /proc' }, () => {
  it('nices only the calling thread', async () => {
    const file = path.join(__dirname, '..', '..', 'model', 'pool', 'thread-priority.ts');
    const code = `require('tsx/cjs'); const { parentPort } = require('node:worker_threads'); const r = require(${JSON.stringify(file)}).niceThisThread(7); parentPort.postMessage(r); setTimeout(() => {}, 2000);`;
    const mainBefore = niceOf(process.pid);
    const worker = new Worker(code, { eval: true });
    const result = await new Promise<{ ok: boolean; tid?: number; reason?: string }>((resolve) => worker.once('message', resolve));
    try {
      assert.ok(result.ok, result.reason);
      assert.equal(niceOf(result.tid!), 7);
      assert.equal(niceOf(process.pid), mainBefore, 'the main thread keeps its priority');
    } finally {
      await worker.terminate();
    }
  });
});
