/** Every setting of the embedded collector; its ports are OAP's own. */
import { type ConfigOf, defineConfig, integer, port, text } from '../../service-kit/config';
import { DEFAULT_MAX_BODY_BYTES } from './http/body';

export const COLLECTOR_CONFIG = defineConfig({
  host: { env: 'SW_COLLECTOR_HOST', default: '127.0.0.1', parse: text, doc: 'interface to bind (0.0.0.0 to reach it from containers)' },
  grpcPort: { env: 'SW_COLLECTOR_GRPC_PORT', default: 11800, parse: port, doc: "agents' gRPC port (OAP's); 0 picks a free one" },
  httpPort: { env: 'SW_COLLECTOR_HTTP_PORT', default: 12800, parse: port, doc: "REST, GraphQL and trace page port (OAP's); 0 picks a free one" },
  maxTraces: { env: 'COLLECTOR_MAX_TRACES', default: 2000, parse: integer(1), doc: 'traces kept; the oldest trace is evicted whole' },
  maxSpans: { env: 'COLLECTOR_MAX_SPANS', default: 200_000, parse: integer(1), doc: 'spans kept over all traces; same eviction' },
  maxBodyBytes: { env: 'COLLECTOR_MAX_BODY_BYTES', default: DEFAULT_MAX_BODY_BYTES, parse: integer(1), doc: 'largest HTTP body; beyond it 413' },
});

export type CollectorConfig = ConfigOf<typeof COLLECTOR_CONFIG.settings>;
