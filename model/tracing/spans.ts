// Local stage spans under the agent's entry span.
//
// The agent's span.start() calls AsyncLocalStorage.enterWith() in the caller's synchronous frame:
// started before an await, a span mis-parents its siblings and leaks into the next request on the
// same keep-alive socket. `await null` first, then create, start, await, stop (skywalking-backend-js 0.9.0, apache/skywalking-nodejs
// "Manual spans and the await workaround").
import { ContextManager } from 'skywalking-backend-js';
import { agentStarted } from '../../service-kit/agent/start';

/** OAP's logic-endpoint tag: builds endpoint metrics per stage. */
export const LOGIC_SPAN_TAG = { key: 'x-le', val: '{"logic-span":true}', overridable: false };

export interface StageSpan {
  tag(key: string, val: string | number): void;
}

const noop: StageSpan = { tag: () => undefined };

export async function inStage<T>(operation: string, fn: (span: StageSpan) => Promise<T>): Promise<T> {
  await null;
  // No entry span (agent off, ignored path): no orphan segments either.
  if (!agentStarted() || !ContextManager.hasContext) return fn(noop);
  const span = ContextManager.current.newLocalSpan(operation);
  span.start();
  span.tag(LOGIC_SPAN_TAG);
  const handle: StageSpan = { tag: (key, val) => void span.tag({ key, val: String(val), overridable: true }) };
  try {
    return await fn(handle);
  } catch (err) {
    span.error(err instanceof Error ? err : new Error(String(err)));
    throw err;
  } finally {
    span.stop();
  }
}
