// `npm run start:model`. The agent starts first, before express and http are loaded.
import './tracing/start-agent';
import { createLogger } from './logger';
import { exitOnConfigError } from '../service-kit/config';
import { stopOnSignal } from '../service-kit/stop-on-signal';
import { start } from './server';

async function main(): Promise<void> {
  const log = createLogger();
  const server = await start({ logger: log });
  server.ready.catch(() => process.exit(1));
  stopOnSignal(log, server.stop);
}

main().catch((err: unknown) => {
  exitOnConfigError('model', err);
  console.error(err);
  process.exit(1);
});
