// Starts skywalking-backend-js for the model server. Imported first by model/main.ts so the agent
// patches http and express before anything loads them. Env is read by the agent itself
// (SW_AGENT_COLLECTOR_BACKEND_SERVICES, SW_AGENT_INSTANCE, ...); only unset keys get our defaults,
// because start() options override env even when empty (skywalking-backend-js 0.9.0, apache/skywalking-nodejs).
import agent from 'skywalking-backend-js';
import { flushAgent, type FlushOutcome } from '../../agent/flush';

/** Health, readiness, metrics and metadata are never traced (SW_TRACE_IGNORE_PATH). */
export const DEFAULT_TRACE_IGNORE_PATH = '*:/healthz,*:/readyz,*:/metrics,*:/v1/models/**';

let started = false;

export function startAgent(env: NodeJS.ProcessEnv = process.env): boolean {
  if (started) return true;
  if (env.SW_DISABLE === 'true') return false;
  const options: { serviceName?: string; traceIgnorePath?: string } = {};
  if (!env.SW_AGENT_NAME) options.serviceName = 'model-server';
  if (!env.SW_TRACE_IGNORE_PATH) options.traceIgnorePath = DEFAULT_TRACE_IGNORE_PATH;
  agent.start(options);
  started = true;
  return true;
}

export function agentStarted(): boolean {
  return started;
}

/** Flushes before exit (see agent/flush.ts); nothing to do when tracing never started. */
export async function flushStartedAgent(deadlineMs = 2500): Promise<FlushOutcome | 'not-started'> {
  if (!started) return 'not-started';
  return (await flushAgent(agent, deadlineMs)).outcome;
}
