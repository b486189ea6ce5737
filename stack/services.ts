/**
 * The local stack `npm start` runs: each service in its own process (one SkyWalking agent per
 * process), on the ports of docs/architecture.md, wired by env. Where the traces go (backend.ts decides): the
 * embedded collector, a real OAP the stack starts (`--oap`), or one that is already running.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chooseBackend, type Backend } from './backend';

export interface StackService {
  name: 'collector' | 'model' | 'bff' | 'edge';
  /** Compiled entry point, relative to dist/node. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Polled until it answers 2xx: the service is ready for traffic. */
  readyUrl: string;
  /** Model loading and warm-up take a while on a cold machine. */
  readyTimeoutMs: number;
}

export interface StackPorts {
  edge: number;
  bff: number;
  model: number;
  collectorGrpc: number;
  collectorHttp: number;
}

export const DEFAULT_PORTS: StackPorts = { edge: 8080, bff: 3000, model: 5001, collectorGrpc: 11800, collectorHttp: 12800 };

export interface StackPlan {
  services: StackService[];
  backend: Backend;
  oapHttpUrl: string;
  grpcAddress: string;
}

export function planStack(env: NodeJS.ProcessEnv, ports: StackPorts = DEFAULT_PORTS, options: { realOap?: boolean } = {}): StackPlan {
  const backend = chooseBackend(env, ports, options);
  const { oapHttpUrl, grpcAddress } = backend;
  // One secret for the BFF and the edge (edge headers, rejected-request webhooks); fresh per start unless the user set one.
  const edgeSecret = env.EDGE_SHARED_SECRET || randomBytes(16).toString('hex');
  const shared = { ...env, SW_OAP_HTTP_URL: oapHttpUrl, SW_AGENT_COLLECTOR_BACKEND_SERVICES: grpcAddress, EDGE_SHARED_SECRET: edgeSecret };
  const modelUrl = `http://127.0.0.1:${ports.model}`;
  const bffUrl = `http://127.0.0.1:${ports.bff}`;
  const services: StackService[] = [];
  if (backend.kind === 'embedded') {
    services.push({
      name: 'collector',
      entry: path.join('collector', 'server', 'main.js'),
      env: { ...shared, SW_COLLECTOR_GRPC_PORT: String(ports.collectorGrpc), SW_COLLECTOR_HTTP_PORT: String(ports.collectorHttp) },
      readyUrl: `${oapHttpUrl}/healthcheck`,
      readyTimeoutMs: 15_000,
    });
  }
  services.push(
    {
      name: 'model',
      entry: path.join('model', 'main.js'),
      env: { ...shared, PORT: String(ports.model) },
      readyUrl: `${modelUrl}/readyz`,
      readyTimeoutMs: 120_000,
    },
    {
      name: 'bff',
      entry: path.join('bff', 'main.js'),
      env: { ...shared, PORT: String(ports.bff), MODEL_URL: env.MODEL_URL || modelUrl },
      readyUrl: `${bffUrl}/healthz`,
      readyTimeoutMs: 20_000,
    },
    {
      name: 'edge',
      entry: path.join('edge-emulator', 'main.js'),
      env: { ...shared, PORT: String(ports.edge), BFF_URL: env.BFF_URL || bffUrl },
      readyUrl: `http://127.0.0.1:${ports.edge}/hello`,
      readyTimeoutMs: 15_000,
    },
  );
  return { services, backend, oapHttpUrl, grpcAddress };
}
