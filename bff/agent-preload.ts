/**
 * Starts the SkyWalking agent for the BFF. It must run before express and http are used, so main.ts
 * imports it first (`node --require dist/node/bff/agent-preload.js` works too). The agent patches
 * `http.request` (got's exit spans, sw8 to the model) and express's router (the entry span that
 * continues the edge's sw8).
 */
import { startAgent } from '../service-kit/agent/start';

startAgent({
  serviceName: 'bff',
  // The rejected-request webhook is the gateway talking to the BFF about a request that never came
  // here; tracing it would add one meaningless BFF trace per rejection.
  ignorePaths: ['GET:/healthz', 'GET:/readyz', 'GET:/metrics', 'POST:/_edge/rejected'],
});
