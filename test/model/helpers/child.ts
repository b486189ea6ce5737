// The model server in a child process (one agent per process), as `npm run start:model` runs it,
// through tsx. Resolves once it logged its address and the model is ready.
import http from 'node:http';
import path from 'node:path';
import { startNodeChild, type NodeChild } from '../../../testkit/node-child';
import { REPO_ROOT } from '../../../service-kit/repo-paths';

export type ModelChild = NodeChild;

export function spawnModelServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ModelChild> {
  return startNodeChild({
    args: ['--import', 'tsx', path.join(REPO_ROOT, 'model', 'main.ts')],
    cwd: REPO_ROOT,
    env: { PORT: '0', MODEL_WORKERS: '1', LOG_LEVEL: 'info', SW_AGENT_LOGGING_LEVEL: 'error', ...env },
    label: 'the model server',
    ready: (line) => line.msg === 'model ready',
    timeoutMs,
  });
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
