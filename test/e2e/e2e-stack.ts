/**
 * The whole stack for end-to-end tests: the embedded collector in this process (or a backend the
 * caller runs, e.g. a real OAP), then the model server, the BFF and the edge emulator as child
 * processes built by `npm run build` (each with its own agent), on free ports, wired like
 * `npm start` wires them (stack/services.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnService, waitReady, type RunningChild } from '../../stack/child-service';
import { planStack, type StackService } from '../../stack/services';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { freePort } from '../helpers/free-port';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST_NODE = path.join(ROOT, 'dist', 'node');

/** Where the agents and the BFF report instead of an embedded collector. */
export interface E2EBackend {
  grpcAddress: string;
  httpUrl: string;
}

export interface E2EStack {
  edgeUrl: string;
  bffUrl: string;
  modelUrl: string;
  /** The embedded collector; throws when the stack reports to a backend of the caller's. */
  collector: RunningCollector;
  /** Where the traces go: the embedded collector or the caller's backend. */
  backend: E2EBackend;
  services: { [name: string]: RunningChild };
  plan: { [name: string]: StackService };
  /** Starts another edge emulator in front of the same BFF, with other config_data and, optionally, another built bundle. */
  startEdge(configData: { [key: string]: unknown }, bundleFileName?: string): Promise<{ url: string; child: RunningChild }>;
  /** Stops one service (SIGTERM, as an orchestrator would) and resolves with its exit code. */
  stopService(name: string): Promise<number | null>;
  /** Starts a stopped service again on the same port and waits until it is ready. */
  startService(name: string): Promise<void>;
  restartCollector(): Promise<void>;
  stopCollector(): Promise<void>;
  logs(name: string): string;
  stop(): Promise<void>;
}

export async function startE2EStack(extraEnv: NodeJS.ProcessEnv = {}, options: { backend?: E2EBackend } = {}): Promise<E2EStack> {
  const ports = { edge: await freePort(), bff: await freePort(), model: await freePort(), collectorGrpc: await freePort(), collectorHttp: await freePort() };
  let embedded = options.backend ? undefined : await startTestCollector({ grpcPort: ports.collectorGrpc, httpPort: ports.collectorHttp });
  const backend = options.backend ?? { grpcAddress: embedded!.grpcAddress, httpUrl: embedded!.httpUrl };
  const collectorOf = (): RunningCollector => {
    if (!embedded) throw new Error(`this stack reports to ${backend.httpUrl}, not to an embedded collector`);
    return embedded;
  };
  const env = {
    ...process.env,
    ...extraEnv,
    SW_OAP_HTTP_URL: backend.httpUrl,
    SW_AGENT_COLLECTOR_BACKEND_SERVICES: backend.grpcAddress,
    LOG_LEVEL: extraEnv.LOG_LEVEL ?? process.env.E2E_LOG_LEVEL ?? 'warn',
    MODEL_WORKERS: '1',
  };
  const plan = planStack(env, ports);
  const outputs: { [name: string]: string[] } = {};
  const services: { [name: string]: RunningChild } = {};
  const record = (name: string) => (line: string) => {
    (outputs[name] ??= []).push(line);
    if (outputs[name].length > 400) outputs[name].shift();
  };
  const extraChildren: RunningChild[] = [];
  const stopAll = async () => {
    for (const child of [...extraChildren, ...Object.values(services)].reverse()) await child.stop();
    await embedded?.stop();
  };
  try {
    for (const service of plan.services) {
      const child = spawnService(service, DIST_NODE, record(service.name));
      services[service.name] = child;
      await waitReady(child, service.readyUrl, service.readyTimeoutMs);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const byName = Object.fromEntries(plan.services.map((service) => [service.name, service]));
  return {
    edgeUrl: `http://127.0.0.1:${ports.edge}`,
    bffUrl: `http://127.0.0.1:${ports.bff}`,
    modelUrl: `http://127.0.0.1:${ports.model}`,
    get collector() {
      return collectorOf();
    },
    backend,
    services,
    plan: byName,
    async startEdge(configData, bundleFileName) {
      const dir = mkdtempSync(path.join(tmpdir(), 'e2e-edge-'));
      const definition = JSON.parse(readFileSync(path.join(ROOT, 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8'));
      const bundle = bundleFileName ?? definition.custom_middleware_bundle;
      writeFileSync(
        path.join(dir, 'api.json'),
        JSON.stringify({ ...definition, custom_middleware_bundle: bundle, config_data: { ...definition.config_data, ...configData } }),
      );
      const port = await freePort();
      const service: StackService = {
        ...byName.edge,
        env: { ...byName.edge.env, PORT: String(port), EDGE_API_DEFINITION: path.join(dir, 'api.json') },
        readyUrl: `http://127.0.0.1:${port}/hello`,
      };
      const child = spawnService(service, DIST_NODE, record(`edge-${port}`));
      extraChildren.push(child);
      await waitReady(child, service.readyUrl, service.readyTimeoutMs);
      return { url: `http://127.0.0.1:${port}`, child };
    },
    async stopService(name) {
      const running = services[name];
      await running.stop();
      return running.child.exitCode;
    },
    async startService(name) {
      const child = spawnService(byName[name], DIST_NODE, record(name));
      services[name] = child;
      await waitReady(child, byName[name].readyUrl, byName[name].readyTimeoutMs);
    },
    async stopCollector() {
      await collectorOf().stop();
    },
    async restartCollector() {
      collectorOf();
      embedded = await startTestCollector({ grpcPort: ports.collectorGrpc, httpPort: ports.collectorHttp });
    },
    logs: (name) => (outputs[name] ?? []).join('\n'),
    stop: stopAll,
  };
}
