/**
 * Starts the SkyWalking agent. It must run before express and http are used, so main.ts imports
 * it first (`node --require dist/node/bff/agent-preload.js` works too). The agent patches
 * `http.request` (got's exit spans, sw8 to the model) and express's router (the entry span that
 * continues the edge's sw8). SW_DISABLE=true turns it off (the agent's own switch).
 *
 * SW_TRACE_IGNORE_PATH is matched against the agent's operation name, `METHOD:/path`: the
 * default keeps health, readiness, metrics and the rejected-request webhook out of traces.
 */
import agent from 'skywalking-backend-js';

export const DEFAULT_SERVICE_NAME = 'bff';
// The rejected-request webhook is the gateway talking to the BFF about a request that never came
// here; tracing it would add one meaningless BFF trace per rejection.
export const DEFAULT_TRACE_IGNORE_PATH = 'GET:/healthz,GET:/readyz,GET:/metrics,POST:/_edge/rejected';

export function agentOptions(env: NodeJS.ProcessEnv = process.env): { serviceName: string; traceIgnorePath: string } {
  return {
    serviceName: env.SW_AGENT_NAME || DEFAULT_SERVICE_NAME,
    traceIgnorePath: env.SW_TRACE_IGNORE_PATH || DEFAULT_TRACE_IGNORE_PATH,
  };
}

agent.start(agentOptions());

export { agent };
