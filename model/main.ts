// `npm run start:model`. The agent starts first, before express and http are loaded.
import './tracing/start-agent';
import { flushStartedAgent } from '../service-kit/agent/flush';
import { createLogger } from './logger';
import { exitOnConfigError } from '../service-kit/config';
import { start } from './server';

async function main(): Promise<void> {
  const log = createLogger();
  const server = await start({ logger: log });
  server.ready.catch(() => process.exit(1));
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining');
    void (async () => {
      let code = 0;
      try {
        await server.stop();
      } catch (err) {
        code = 1;
        log.error({ err }, 'error while draining');
      }
      const flushed = await flushStartedAgent(2500);
      log.info({ agentFlush: flushed.outcome, agentFlushRounds: flushed.rounds }, 'stopped');
      process.exit(code);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  exitOnConfigError('model', err);
  console.error(err);
  process.exit(1);
});
