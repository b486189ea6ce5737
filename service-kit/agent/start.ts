/**
 * Starts skywalking-backend-js for one service. It must run before express and http are loaded (it
 * patches them), so each service's first import is a side-effect module that calls this.
 * SW_DISABLE=true turns it off (the agent's own switch). Only unset variables get our defaults:
 * skywalking-backend-js 0.9.0 reads env when it loads, and options given to `agent.start()` then
 * override env, even empty ones, so a default passed for a variable the user set would hide it.
 */
import agent from 'skywalking-backend-js';

export interface AgentDefaults {
  serviceName: string;
  /**
   * Operations never traced, as the agent names them: `METHOD:/path`, `*` for any method. Health,
   * readiness and metrics would otherwise be one trace per probe.
   */
  ignorePaths: readonly string[];
}

let started = false;

export function startAgent(defaults: AgentDefaults, env: NodeJS.ProcessEnv = process.env): boolean {
  if (started) return true;
  if (env.SW_DISABLE === 'true') return false;
  agent.start(agentOptions(defaults, env));
  started = true;
  return true;
}

/** What `startAgent` passes to the agent: our defaults for the variables that are unset. */
function agentOptions(defaults: AgentDefaults, env: NodeJS.ProcessEnv = process.env): { serviceName?: string; traceIgnorePath?: string } {
  const options: { serviceName?: string; traceIgnorePath?: string } = {};
  if (!env.SW_AGENT_NAME) options.serviceName = defaults.serviceName;
  if (!env.SW_TRACE_IGNORE_PATH) options.traceIgnorePath = defaults.ignorePaths.join(',');
  return options;
}

export function agentStarted(): boolean {
  return started;
}

export { agent };
