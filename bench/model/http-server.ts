// One model server child process under load: paired halves at a concurrency, CPU per thread role
// from its /metrics, worker tensor counts, RSS.
import { closedLoop, probeHealth, type LoadResult } from './load';
import { send } from '../../testkit/raw-http';
import { startNodeChild, type NodeChild } from '../../testkit/node-child';
import { cpuMs } from '../lib/proc-stats';
import { perImage, threadMsFromMetrics, type ThreadMs } from './cpu-split';

export interface ServerUnderTest {
  label: string;
  child: NodeChild;
  /** its Prometheus text */
  metrics(): Promise<string>;
}

export async function startServer(label: string, mainJs: string, env: Record<string, string>, cwd: string): Promise<ServerUnderTest> {
  const child = await startNodeChild({
    args: [mainJs],
    cwd,
    env: { PORT: '0', LOG_LEVEL: 'info', ...env },
    label,
    ready: (line) => line.msg === 'model ready',
    // Every worker loads and warms up the model first; many workers on two cores take a while.
    timeoutMs: 300_000,
    stderr: 'inherit',
  });
  return {
    label,
    child,
    metrics: async () => (await send(child.address, undefined, { path: '/metrics' })).text,
  };
}

export interface MeasuredRun {
  run: LoadResult;
  cpu: ThreadMs;
  /** whole-process CPU per image from /proc/<pid>/stat (the check on the thread split) */
  processCpuMs: number;
  health: number[];
}

/** One closed-loop run with CPU accounting; with `probe`, /healthz is probed from another process. */
export async function measuredRun(s: ServerUnderTest, image: Buffer, concurrency: number, seconds: number, probe: boolean): Promise<MeasuredRun> {
  const p = probe ? probeHealth(s.child.address, Math.max(500, seconds * 1000 - 500)) : null;
  if (p) await p.started;
  const before = threadMsFromMetrics(await s.metrics());
  const cpu0 = cpuMs(s.child.proc.pid!);
  const run = await closedLoop(s.child.address, image, concurrency, seconds);
  const processCpuMs = (cpuMs(s.child.proc.pid!) - cpu0) / Math.max(1, run.completed);
  const cpu = perImage(before, threadMsFromMetrics(await s.metrics()), run.completed);
  const health = p ? await p.samples : [];
  return { run, cpu, processCpuMs, health };
}

export function workerTensors(metricsText: string): number {
  return metricsText
    .split('\n')
    .filter((l) => l.startsWith('model_worker_tensors{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}
