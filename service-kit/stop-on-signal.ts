/**
 * SIGTERM (an orchestrator) or SIGINT (Ctrl-C), once: stop the service (drain its requests), flush
 * the agent's last segments (it has no exit hook of its own), log the outcome, exit 0, or 1 when
 * stopping failed. A second signal while stopping changes nothing.
 */
import type { Logger } from 'pino';
import { flushStartedAgent } from './agent/flush';

const AGENT_FLUSH_DEADLINE_MS = 2500;

export function stopOnSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void (async () => {
      let code = 0;
      try {
        await stop();
      } catch (err) {
        code = 1;
        logger.error({ err }, 'stop failed');
      }
      const flushed = await flushStartedAgent(AGENT_FLUSH_DEADLINE_MS);
      logger.info({ agentFlush: flushed.outcome, agentFlushRounds: flushed.rounds }, 'stopped');
      logger.flush?.();
      // pino writes asynchronously: a moment for the last line to reach stdout.
      setTimeout(() => process.exit(code), 50).unref();
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
