// The model server in a child process (one agent per process), as `npm run start:model` runs it,
// through tsx. Resolves once it logged its address and the model is ready.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { formatSw8 } from '../../../trace/sw8';
import { nodeBase64 } from '../../../trace/platform/node-base64';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface ModelChild {
  address: string;
  proc: ChildProcess;
  logs: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<void>;
}

export function spawnModelServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ModelChild> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'model', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', MODEL_WORKERS: '1', LOG_LEVEL: 'info', SW_AGENT_LOGGING_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let address = '';
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`model server not ready after ${timeoutMs} ms; stderr:\n${stderr}\nlogs:\n${JSON.stringify(logs)}`));
    }, timeoutMs);
    let buffered = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        logs.push(entry);
        if (entry.msg === 'model server listening') address = String(entry.address);
        if (entry.msg === 'model ready' && address) {
          clearTimeout(timer);
          resolve({ address, proc, logs, exited, kill });
        }
      }
    });
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (c: string) => (stderr += c));
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`model server exited (${code}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A valid sw8 as an upstream caller (the BFF's exit span 1) would send it; we know the trace id. */
export function makeSw8(traceId: string, parentSegmentId: string): string {
  return formatSw8(
    {
      sample: '1',
      traceId,
      parentSegmentId,
      parentSpanId: 1,
      parentService: 'test-caller',
      parentServiceInstance: 'test',
      parentEndpoint: 'POST:/api/v1/classify',
      networkAddressUsedAtPeer: 'model:5001',
    },
    nodeBase64,
  );
}

/** The sum of every Prometheus sample of the server whose line starts with `prefix`. */
export async function metricSum(address: string, prefix: string): Promise<number> {
  const text = await new Promise<string>((resolve, reject) => {
    http
      .get(`${address}/metrics`, { agent: false }, (res) => {
        let t = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (t += c));
        res.on('end', () => resolve(t));
      })
      .on('error', reject);
  });
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(prefix)) sum += Number(line.split(' ').pop());
  return sum;
}
