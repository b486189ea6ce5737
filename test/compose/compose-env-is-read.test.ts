/**
 * Every variable compose.yaml gives the BFF and the model is one that service (or its SkyWalking
 * agent) reads: a misspelt name would be ignored silently and the service would fall back to a
 * localhost default that does not exist in a container.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BFF_CONFIG } from '../../bff/config';
import { MODEL_CONFIG } from '../../model/config';
import { envOf, loadCompose } from './compose-file';
import { repoPath } from './repo';

const services = loadCompose().services;

/** The SW_* names skywalking-backend-js reads from process.env (its AgentConfig), plus SW_DISABLE. */
function agentEnvNames(): string[] {
  const source = readFileSync(require.resolve('skywalking-backend-js/lib/config/AgentConfig.js', { paths: [repoPath()] }), 'utf8');
  return [...new Set([...source.matchAll(/process\.env\.(SW_[A-Z_]+)/g)].map((m) => m[1])), 'SW_DISABLE'];
}

describe('compose env is read by the services', () => {
  const agent = agentEnvNames();

  it('the agent reads its collector address and service name from env', () => {
    assert.ok(agent.includes('SW_AGENT_COLLECTOR_BACKEND_SERVICES'));
    assert.ok(agent.includes('SW_AGENT_NAME'));
  });

  it('every BFF variable is a key of bff/config.ts or the agent', () => {
    const known = [...Object.values(BFF_CONFIG.settings).map((s) => s.env), ...agent];
    for (const name of Object.keys(envOf(services.bff))) assert.ok(known.includes(name), `the BFF does not read ${name}`);
  });

  it('every model variable is a key of model/config.ts or the agent', () => {
    const known = [...Object.values(MODEL_CONFIG.settings).map((s) => s.env), ...agent];
    for (const name of Object.keys(envOf(services.model))) assert.ok(known.includes(name), `the model server does not read ${name}`);
  });
});
