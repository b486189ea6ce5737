// Closed-loop load over keep-alive: `concurrency` clients, each sending its next request as soon as
// the previous one answered, for a fixed duration. Latencies in ms.
import { percentile } from '../lib/stats';
import { loop } from '../lib/load';
import { post } from '../../testkit/raw-http';
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';

export interface LoadResult {
  concurrency: number;
  completed: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
  /** sorted latencies of the answered requests, ms */
  latencies: number[];
  /** CPU time the server process used per answered image (all threads), ms */
  cpuMsPerImage?: number;
}

export async function closedLoop(address: string, body: Buffer, concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const elapsed = await loop(concurrency, { seconds }, async () => {
    const t = performance.now();
    try {
      const r = await post(address, body, { 'Content-Type': 'image/jpeg' }, '/predict', agent);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200) latencies.push(performance.now() - t);
      else errors++;
    } catch {
      errors++;
    }
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    completed: latencies.length,
    errors,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
    latencies,
  };
}

/** Two or more runs at the same concurrency as one (paired halves of an A/B comparison). */
export function mergeRuns(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    concurrency: runs[0].concurrency,
    completed: latencies.length,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
    latencies,
  };
}

/**
 * Probes GET /healthz from a separate process (bench/model/health-probe.ts) so the load generator's
 * event loop does not delay it. `started` resolves once the probe process is up and probing.
 */
export function probeHealth(address: string, durationMs: number, everyMs = 10): { started: Promise<void>; samples: Promise<number[]> } {
  const probe = path.join(__dirname, 'health-probe.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', probe, address, String(durationMs), String(everyMs)], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let onStart!: () => void;
  const started = new Promise<void>((r) => (onStart = r));
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (c: string) => {
    out += c;
    if (out.startsWith('start\n')) onStart();
  });
  const samples = new Promise<number[]>((resolve, reject) => {
    child.on('exit', (code) => {
      onStart();
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('[')) resolve(JSON.parse(last) as number[]);
      else reject(new Error(`health probe exited with ${code}`));
    });
  });
  return { started, samples };
}
