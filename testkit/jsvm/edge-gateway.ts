// Our shipped hooks in one engine's harness, driven like a gateway drives a request: pre, then post on
// the headers pre left, then the headers the upstream would receive. For tests that put "the gateway"
// in front of a real BFF: `through()` gives the headers to forward.
import { builtHookFiles } from '../../test/edge/edge-files';
import {
  startHarness,
  type EngineName,
  type Harness,
  type HarnessOutcome,
  type HarnessRequest,
  type HarnessSpec,
  type HarnessSuccess,
  type HeaderMap,
} from './harness-client';

export interface EdgePass {
  /** The request headers after both hooks, as Go keeps them (canonical names, arrays). */
  headers: HeaderMap;
  /** The same, one value per name, ready for an HTTP client (got, http.request) to send upstream. */
  forward: Record<string, string>;
  pre: HarnessSuccess;
  /** Absent with the pre-only bundle. */
  post?: HarnessSuccess;
}

export interface EdgeGateway {
  readonly engine: EngineName;
  /** Runs the bundle's hooks on one request; rejects when the gateway would answer 500 instead of proxying. */
  through(request: HarnessRequest, spec?: HarnessSpec): Promise<EdgePass>;
  close(): Promise<void>;
}

export interface EdgeGatewayOptions {
  /** `full` (default): sw-edge, pre + post; `pre-only`: sw-edge-pre-only. */
  bundle?: 'full' | 'pre-only';
  seed?: number;
}

const DEFAULT_SPEC: HarnessSpec = { APIID: 'inference', OrgID: 'default', config_data: null };

function proxied(outcome: HarnessOutcome, hook: string, harness: Harness): HarnessSuccess {
  if (!outcome.ok) throw new Error(`${harness.engine}: ${hook} failed, the gateway would answer 500: ${outcome.error}\n${outcome.logs.join('\n')}`);
  if (outcome.override) throw new Error(`${harness.engine}: ${hook} answered the request itself (${outcome.override.status}), nothing to forward`);
  return outcome;
}

export function startEdgeGateway(engine: EngineName, opts: EdgeGatewayOptions = {}): EdgeGateway {
  const [pre, post] = builtHookFiles();
  const files = opts.bundle === 'pre-only' ? [pre] : [pre, post];
  const harness = startHarness({ engine, files, seed: opts.seed });
  return {
    engine,
    async through(request, spec = DEFAULT_SPEC) {
      const afterPre = proxied(await harness.call({ hook: 'swEdgePre', request, spec }), 'swEdgePre', harness);
      let last = afterPre;
      let afterPost: HarnessSuccess | undefined;
      if (opts.bundle !== 'pre-only') {
        afterPost = proxied(await harness.call({ hook: 'swEdgePost', request: { ...request, headers: afterPre.headers }, spec }), 'swEdgePost', harness);
        last = afterPost;
      }
      const forward: Record<string, string> = {};
      for (const [name, values] of Object.entries(last.headers)) if (values[0] !== undefined) forward[name] = values[0];
      return { headers: last.headers, forward, pre: afterPre, post: afterPost };
    },
    close: () => harness.close(),
  };
}
