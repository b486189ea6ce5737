/** A service's main.ts in a child process through tsx, as the tests run it (testkit/node-child.ts). */
import path from 'node:path';
import { startNodeChild, type NodeChild } from '../../../testkit/node-child';
import { REPO_ROOT } from '../../../service-kit/repo-paths';

export type SpawnedService = NodeChild;

/** Resolves once the service logs the address it bound. */
export function spawnService(entry: string, env: Record<string, string>, timeoutMs = 20_000): Promise<SpawnedService> {
  return startNodeChild({
    args: ['--import', 'tsx', path.join(REPO_ROOT, entry)],
    cwd: REPO_ROOT,
    env: { NODE_ENV: 'test', SW_AGENT_LOGGING_LEVEL: 'error', SW_LOGGING_TARGET: 'console', ...env },
    label: entry,
    timeoutMs,
  });
}

/** The BFF's main.ts with its agent and edge reporter pointed at a test collector. */
export function spawnTracedBff(
  collector: { httpUrl: string; grpcAddress: string },
  modelUrl: string,
  service: string,
  env: Record<string, string> = {},
): Promise<SpawnedService> {
  return spawnService('bff/main.ts', {
    PORT: '0',
    MODEL_URL: modelUrl,
    SW_OAP_HTTP_URL: collector.httpUrl,
    SW_AGENT_COLLECTOR_BACKEND_SERVICES: collector.grpcAddress,
    SW_AGENT_NAME: service,
    ...env,
  });
}
