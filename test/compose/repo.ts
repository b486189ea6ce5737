/** Paths and files of the repository that compose.yaml, the Dockerfile and the Tyk config refer to. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';

export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}

export function readRepoText(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

export function readRepoJson(...parts: string[]): any {
  return JSON.parse(readRepoText(...parts));
}

export const PACKAGE_VERSION: string = readRepoJson('package.json').version;

/**
 * The seams of docs/architecture.md (ports, env, commands), restated here because CI has only the repository:
 * a change there has to change this table, and the tests below say where compose.yaml disagrees.
 */
export const DESIGN = {
  edgePort: 8080,
  bffPort: 3000,
  modelPort: 5001,
  oapGrpcPort: 11800,
  oapHttpPort: 12800,
  uiHostPort: 8088,
  listenPath: '/inference/',
  bffAgentName: 'bff',
  modelAgentName: 'model-server',
} as const;
