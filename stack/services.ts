/**
 * The local stack `npm start` runs: each service in its own process (one SkyWalking agent per
 * process), on design.md's ports, wired by env. The collector is started only when SW_OAP_HTTP_URL
 * does not point elsewhere (a real OAP).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

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
  oapHttpUrl: string;
  /** True when a real OAP (or another collector) receives the traces. */
  externalOap: boolean;
}

export function planStack(env: NodeJS.ProcessEnv, ports: StackPorts = DEFAULT_PORTS): StackPlan {
  const localOap = `http://127.0.0.1:${ports.collectorHttp}`;
  const oapHttpUrl = env.SW_OAP_HTTP_URL || localOap;
  const externalOap = oapHttpUrl !== localOap;
  const grpc = env.SW_AGENT_COLLECTOR_BACKEND_SERVICES || `127.0.0.1:${ports.collectorGrpc}`;
  // One secret for the BFF and the edge (edge headers, rejected-request webhooks); fresh per start unless the user set one.
  const edgeSecret = env.EDGE_SHARED_SECRET || randomBytes(16).toString('hex');
  const shared = { ...env, SW_OAP_HTTP_URL: oapHttpUrl, SW_AGENT_COLLECTOR_BACKEND_SERVICES: grpc, EDGE_SHARED_SECRET: edgeSecret };
  const modelUrl = `http://127.0.0.1:${ports.model}`;
  const bffUrl = `http://127.0.0.1:${ports.bff}`;
  const services: StackService[] = [];
  if (!externalOap) {
    services.push({
      name: 'collector',
      entry: path.join('collector', 'main.js'),
      env: { ...shared, SW_COLLECTOR_GRPC_PORT: String(ports.collectorGrpc), SW_COLLECTOR_HTTP_PORT: String(ports.collectorHttp) },
      readyUrl: `${localOap}/healthcheck`,
      readyTimeoutMs: 15_000,
    });
  }
  services.push(
    { name: 'model', entry: path.join('model', 'main.js'), env: { ...shared, PORT: String(ports.model) }, readyUrl: `${modelUrl}/readyz`, readyTimeoutMs: 120_000 },
    { name: 'bff', entry: path.join('bff', 'main.js'), env: { ...shared, PORT: String(ports.bff), MODEL_URL: env.MODEL_URL || modelUrl }, readyUrl: `${bffUrl}/healthz`, readyTimeoutMs: 20_000 },
    { name: 'edge', entry: path.join('edge-emulator', 'main.js'), env: { ...shared, PORT: String(ports.edge), BFF_URL: env.BFF_URL || bffUrl }, readyUrl: `http://127.0.0.1:${ports.edge}/inference/healthz`, readyTimeoutMs: 15_000 },
  );
  return { services, oapHttpUrl, externalOap };
}
