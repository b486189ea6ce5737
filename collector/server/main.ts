// `npm run start:collector`: the embedded collector on OAP's ports (SW_COLLECTOR_GRPC_PORT,
// SW_COLLECTOR_HTTP_PORT), logging where it listens; SIGTERM/SIGINT stop it cleanly.
import { exitOnConfigError } from '../../service-kit/config';
import { start } from './server';
import type { CollectorLogger } from './logger';

const logger: CollectorLogger = {
  info: (msg) => console.log(msg),
  warn: (msg) => console.error(msg),
  error: (msg) => console.error(msg),
};

async function main(): Promise<void> {
  const collector = await start({ logger });
  logger.info(`collector: gRPC (agents) on ${collector.grpcAddress}  -> SW_AGENT_COLLECTOR_BACKEND_SERVICES=${collector.grpcAddress}`);
  logger.info(`collector: HTTP (REST, GraphQL, API) on ${collector.httpUrl}  -> SW_OAP_HTTP_URL=${collector.httpUrl}`);
  logger.info(`collector: traces at ${collector.httpUrl}/  and  npm run trace -- --last`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`collector: ${signal}, stopping`);
    collector.stop().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error(`collector: stop failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: Error) => {
  exitOnConfigError('collector', err);
  logger.error(`collector: could not start: ${err.message}`);
  process.exit(1);
});
