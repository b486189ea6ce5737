/** Child processes for the BFF benches: the built services and the collector, each in its own process (one agent each). */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { startNodeChild, type NodeChild } from '../../testkit/node-child';
import { poll } from '../../testkit/poll';
import { REPO_ROOT } from '../../service-kit/repo-paths';

/** `BENCH_DIST` runs another build (e.g. a checkout of main) with the same load, for before/after figures. */
export const DIST_NODE = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(REPO_ROOT, 'dist', 'node');

export type Child = NodeChild;

/** A built service (`dist/node/<entry>`); resolves once it logged its address. */
export function startChild(entry: string, env: Record<string, string>): Promise<Child> {
  const file = path.join(DIST_NODE, entry);
  if (!existsSync(file)) throw new Error(`${file} missing: run npm run build:node first`);
  return spawnChild([file], entry, env);
}

/** The collector in its own process, so its ingest work does not slow this load generator. */
export function startCollectorChild(): Promise<Child & { grpc: string; http: string }> {
  const script = `const c = require(${JSON.stringify(path.join(DIST_NODE, 'collector', 'server', 'server'))}); const l = require(${JSON.stringify(path.join(DIST_NODE, 'collector', 'server', 'logger'))});
    c.start({ grpcPort: 0, httpPort: 0, host: '127.0.0.1', logger: l.silentLogger }).then((r) => {
      console.log(JSON.stringify({ address: r.grpcAddress, http: r.httpUrl }));
      process.on('SIGTERM', () => r.stop().then(() => process.exit(0)));
    });`;
  return spawnChild(['-e', script], 'collector', {}).then((child) => ({ ...child, grpc: child.address, http: String(child.lines.find((l) => l.http)?.http) }));
}

function spawnChild(args: string[], label: string, env: Record<string, string>): Promise<Child> {
  return startNodeChild({ args, cwd: REPO_ROOT, env: { SW_AGENT_LOGGING_LEVEL: 'error', ...env }, label, stderr: 'inherit' });
}

/** Resolves once `url`/readyz answers 200. */
export async function waitReady(url: string, deadlineMs: number): Promise<void> {
  const ready = () =>
    fetch(`${url}/readyz`)
      .then((answer) => answer.status === 200)
      .catch(() => false);
  await poll(ready, () => `${url}/readyz never answered 200`, `${url} to be ready`, { timeoutMs: deadlineMs, intervalMs: 200 });
}
