/**
 * The whole stack for end-to-end tests: the embedded collector in this process (or a backend the
 * caller runs, e.g. a real OAP), then the model server, the BFF and the edge emulator as child
 * processes built by `npm run build` (each with its own agent), wired like `npm start` wires them
 * (stack/services.ts). Every server binds port 0 and the port it got is read from its "listening"
 * log line and passed on, so no port is picked, released and then bound by someone else.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnService, waitReady, type RunningChild } from '../../stack/child-service';
import { planStack, type StackPorts, type StackService } from '../../stack/services';
import { startTestCollector, type RunningCollector } from '../helpers/collector';
import { waitForListeningPort } from '../../testkit/listening-port';
import { REPO_ROOT } from '../../service-kit/repo-paths';

const DIST_NODE = path.join(REPO_ROOT, 'dist', 'node');

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

/** The port a child bound with PORT=0, from its "listening" log line. */
function boundPort(running: RunningChild): Promise<number> {
  const exited = () => running.child.exitCode !== null || running.child.signalCode !== null;
  return waitForListeningPort(running.name, () => running.tail().join('\n'), exited, 30_000);
}

const portOf = (address: string): number => Number(/:(\d+)$/.exec(address)?.[1]);

export async function startE2EStack(extraEnv: NodeJS.ProcessEnv = {}, options: { backend?: E2EBackend } = {}): Promise<E2EStack> {
  let embedded = options.backend ? undefined : await startTestCollector();
  const ports: StackPorts = {
    edge: 0,
    bff: 0,
    model: 0,
    collectorGrpc: embedded ? portOf(embedded.grpcAddress) : 0,
    collectorHttp: embedded ? portOf(embedded.httpUrl) : 0,
  };
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
    // The "listening" lines carry the bound ports: info, whatever else the test wants logged.
    LOG_LEVEL: extraEnv.LOG_LEVEL ?? process.env.E2E_LOG_LEVEL ?? 'info',
    MODEL_WORKERS: '1',
    // planStack makes a fresh secret per call unless one is set; the stack is planned once per service.
    EDGE_SHARED_SECRET: extraEnv.EDGE_SHARED_SECRET ?? randomBytes(16).toString('hex'),
  };
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
  const serviceOf = (name: keyof StackPorts): StackService => planStack(env, ports).services.find((s) => s.name === name)!;
  try {
    // In dependency order: each one's bound port goes into the next one's env (MODEL_URL, BFF_URL).
    for (const name of ['model', 'bff', 'edge'] as const) {
      const child = spawnService(serviceOf(name), DIST_NODE, record(name));
      services[name] = child;
      ports[name] = await boundPort(child);
      const service = serviceOf(name);
      await waitReady(child, service.readyUrl, service.readyTimeoutMs);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const byName = Object.fromEntries(planStack(env, ports).services.map((service) => [service.name, service]));
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
      const definition = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8'));
      const bundle = bundleFileName ?? definition.custom_middleware_bundle;
      writeFileSync(
        path.join(dir, 'api.json'),
        JSON.stringify({ ...definition, custom_middleware_bundle: bundle, config_data: { ...definition.config_data, ...configData } }),
      );
      const service: StackService = { ...byName.edge, env: { ...byName.edge.env, PORT: '0', EDGE_API_DEFINITION: path.join(dir, 'api.json') } };
      const child = spawnService(service, DIST_NODE, record(`edge-${extraChildren.length + 2}`));
      extraChildren.push(child);
      const port = await boundPort(child);
      await waitReady(child, `http://127.0.0.1:${port}/hello`, service.readyTimeoutMs);
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
      // Back on the same ports, as a restarted OAP would be: the agents and the BFF know only those.
      embedded = await startTestCollector({ grpcPort: ports.collectorGrpc, httpPort: ports.collectorHttp });
    },
    logs: (name) => (outputs[name] ?? []).join('\n'),
    stop: stopAll,
  };
}
