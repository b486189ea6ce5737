/**
 * Where `npm start` sends its traces. The rule:
 * - `--oap`: a real OAP 10.1.0 (oap/) that the stack starts on the collector ports (11800, 12800);
 * - SW_OAP_HTTP_URL or SW_AGENT_COLLECTOR_BACKEND_SERVICES set: an OAP that is already running
 *   there, so nothing is started (even at 127.0.0.1:12800, where a local `npm run oap` listens);
 * - neither: the embedded collector on the collector ports.
 */
import type { StackPorts } from './services';

export interface Backend {
  kind: 'embedded' | 'oap' | 'external';
  oapHttpUrl: string;
  grpcAddress: string;
  /** Said once at start: e.g. only one of the two variables was set. */
  warnings: string[];
}

export function chooseBackend(
  env: NodeJS.ProcessEnv,
  ports: Pick<StackPorts, 'collectorGrpc' | 'collectorHttp'>,
  options: { realOap?: boolean } = {},
): Backend {
  const localHttp = `http://127.0.0.1:${ports.collectorHttp}`;
  const localGrpc = `127.0.0.1:${ports.collectorGrpc}`;
  const http = env.SW_OAP_HTTP_URL || undefined;
  const grpc = env.SW_AGENT_COLLECTOR_BACKEND_SERVICES || undefined;
  if (options.realOap) {
    if (http || grpc)
      throw new Error(
        '--oap starts an OAP on the collector ports; unset SW_OAP_HTTP_URL and SW_AGENT_COLLECTOR_BACKEND_SERVICES, or drop --oap to use the OAP they name',
      );
    return { kind: 'oap', oapHttpUrl: localHttp, grpcAddress: localGrpc, warnings: [] };
  }
  if (!http && !grpc) return { kind: 'embedded', oapHttpUrl: localHttp, grpcAddress: localGrpc, warnings: [] };
  const warnings: string[] = [];
  if (!http) warnings.push(`SW_OAP_HTTP_URL is not set: the edge segments and the trace CLI use ${localHttp}`);
  if (!grpc) warnings.push(`SW_AGENT_COLLECTOR_BACKEND_SERVICES is not set: the agents report to ${localGrpc}`);
  return { kind: 'external', oapHttpUrl: http ?? localHttp, grpcAddress: grpc ?? localGrpc, warnings };
}
