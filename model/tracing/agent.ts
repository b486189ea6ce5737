// Starts skywalking-backend-js for the model server. Imported first by model/main.ts so the agent
// patches http and express before anything loads them. Env is read by the agent itself
// (SW_AGENT_COLLECTOR_BACKEND_SERVICES, SW_AGENT_INSTANCE, ...); only unset keys get our defaults,
// because start() options override env even when empty (facts/node-agent.md).
import agent from 'skywalking-backend-js';

/** Health, readiness, metrics and metadata are never traced (design.md). */
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

/**
 * The agent has no exit hook and flush() may resolve before anything was sent when the channel is
 * not connected yet: call it until it returns null, with a deadline (design.md).
 */
export async function flushAgent(deadlineMs = 2500): Promise<'flushed' | 'deadline' | 'not-started'> {
  if (!started) return 'not-started';
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const pending = agent.flush();
    if (pending === null) return 'flushed';
    await Promise.race([pending, new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())))]);
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'deadline';
}
