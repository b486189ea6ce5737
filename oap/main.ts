/**
 * `npm run oap`: the real SkyWalking OAP 10.1.0 (H2 in memory, deploy/oap/) on 127.0.0.1, gRPC
 * 11800 and HTTP 12800 unless SW_CORE_GRPC_PORT / SW_CORE_REST_PORT say otherwise. Prints where it
 * is once GraphQL answers; Ctrl-C or SIGTERM stops it.
 */
import { DEFAULT_OAP_PORTS, start } from './server';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${JSON.stringify(raw)} is not a port`);
  return port;
}

let stopping = false;

async function main(): Promise<void> {
  const grpcPort = portFromEnv('SW_CORE_GRPC_PORT', DEFAULT_OAP_PORTS.grpcPort);
  const httpPort = portFromEnv('SW_CORE_REST_PORT', DEFAULT_OAP_PORTS.httpPort);
  const print = (line: string) => console.log(`oap | ${line}`);
  const booting = new AbortController();
  const starting = start({ grpcPort, httpPort, print, signal: booting.signal });
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('oap | stopping');
    // Still booting: the abort stops the java process start() spawned, and start() rejects.
    booting.abort();
    const running = await starting.catch(() => undefined);
    await running?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  const oap = await starting;
  void oap.exited.then((code) => {
    if (stopping) return;
    console.error(`oap | OAP exited on its own (${code})`);
    process.exit(1);
  });
  console.log(
    [
      '',
      `oap | ready in ${(oap.bootMs / 1000).toFixed(1)} s: SkyWalking OAP 10.1.0, H2 in memory, config deploy/oap/`,
      `oap |   agents (gRPC):       SW_AGENT_COLLECTOR_BACKEND_SERVICES=${oap.grpcAddress}`,
      `oap |   HTTP, /v3, GraphQL:  SW_OAP_HTTP_URL=${oap.httpUrl}   (${oap.httpUrl}/graphql)`,
      `oap |   the stack against it: SW_OAP_HTTP_URL=${oap.httpUrl} SW_AGENT_COLLECTOR_BACKEND_SERVICES=${oap.grpcAddress} npm start`,
      'oap | Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (stopping) return;
  // One line (what to install, which port is taken…); OAP's own last lines are in the message.
  console.error(`oap | ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
