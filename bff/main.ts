/**
 * `npm run start:bff`: the agent first (agent-preload.ts), then the server. On SIGTERM/SIGINT:
 * stop accepting, let in-flight requests finish, flush the edge reporter, then loop
 * `agent.flush()` until it returns null (it does not flush on exit; skywalking-backend-js 0.9.0, apache/skywalking-nodejs), exit 0.
 */
import { agent } from './agent-preload';
import { readEnv } from './config';
import { flushAgent } from '../agent/flush';
import { start } from './server';

export const AGENT_FLUSH_DEADLINE_MS = 2500;

async function main(): Promise<void> {
  const { invalid } = readEnv();
  const bff = await start();
  if (invalid.length > 0) bff.logger.warn({ invalid }, 'ignored invalid settings; defaults used');
  let signalled = false;
  const shutdown = (signal: string): void => {
    if (signalled) return;
    signalled = true;
    bff.logger.info({ signal }, 'shutting down');
    void (async () => {
      await bff.stop();
      const flushed = process.env.SW_DISABLE === 'true' ? { outcome: 'disabled', rounds: 0 } : await flushAgent(agent, AGENT_FLUSH_DEADLINE_MS);
      bff.logger.info({ agentFlush: flushed.outcome, agentFlushRounds: flushed.rounds }, 'bye');
      bff.logger.flush?.();
      setTimeout(() => process.exit(0), 50).unref();
    })().catch((err: unknown) => {
      bff.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
