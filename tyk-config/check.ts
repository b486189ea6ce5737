/**
 * `npm run verify:tyk -- FILES…`: checks Tyk API definitions (classic format) for what breaks the
 * trace or the gateway without Tyk saying so (rules/, one concern per file). Pure: reads the files
 * and the bundles they name, returns problems.
 */
import { readFileSync } from 'node:fs';
import type { CheckContext, Problem, ApiRule } from './problem';
import { knownEventNames, noJsvmEventHandler, rejectionWebhooks } from './rules/event-handlers';
import { edgePathBlocked } from './rules/edge-block';
import { upstreamPeerMatchesTarget } from './rules/upstream-peer';
import { bundleDriverMatches } from './rules/bundle-driver';

export const RULES: readonly ApiRule[] = [
  noJsvmEventHandler,
  knownEventNames,
  rejectionWebhooks,
  edgePathBlocked,
  upstreamPeerMatchesTarget,
  bundleDriverMatches,
];

export function checkApiDefinition(file: string, options: Omit<CheckContext, 'file' | 'api'>): Problem[] {
  let api: unknown;
  try {
    api = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return [{ file, field: '(file)', message: `not a readable JSON file: ${error instanceof Error ? error.message : String(error)}` }];
  }
  if (api === null || typeof api !== 'object' || Array.isArray(api))
    return [{ file, field: '(file)', message: 'not a JSON object (a classic API definition)' }];
  const context: CheckContext = { file, api, ...options };
  return RULES.flatMap((rule) => rule(context));
}
