/**
 * `npm run start:bff`: the agent first (agent-preload.ts), then the server. On SIGTERM/SIGINT:
 * stop accepting, let in-flight requests finish, flush the edge reporter, then loop
 * `agent.flush()` until it returns null (it does not flush on exit; skywalking-backend-js 0.9.0, apache/skywalking-nodejs), exit 0.
 */
import './agent-preload';
import { flushStartedAgent } from '../service-kit/agent/flush';
import { exitOnConfigError } from '../service-kit/config';
import { start } from './server';

export const AGENT_FLUSH_DEADLINE_MS = 2500;

async function main(): Promise<void> {
  const bff = await start();
  let signalled = false;
  const shutdown = (signal: string): void => {
    if (signalled) return;
    signalled = true;
    bff.logger.info({ signal }, 'shutting down');
    void (async () => {
      await bff.stop();
      const flushed = await flushStartedAgent(AGENT_FLUSH_DEADLINE_MS);
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
  exitOnConfigError('bff', err);
  console.error(err);
  process.exit(1);
});
