/**
 * `npm run start:bff`: the agent first (agent-preload.ts), then the server. On SIGTERM/SIGINT:
 * in-flight requests finish, the edge reporter flushes (bff.stop), then the agent
 * (service-kit/stop-on-signal.ts).
 */
import './agent-preload';
import { exitOnConfigError } from '../service-kit/config';
import { stopOnSignal } from '../service-kit/stop-on-signal';
import { start } from './server';

async function main(): Promise<void> {
  const bff = await start();
  stopOnSignal(bff.logger, bff.stop);
}

main().catch((err: unknown) => {
  exitOnConfigError('bff', err);
  console.error(err);
  process.exit(1);
});
