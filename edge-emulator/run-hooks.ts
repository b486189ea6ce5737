/**
 * One phase of a gateway pass over a request's headers: the pre hooks or the post hooks, each
 * seeing the headers the previous one left (Tyk applies DeleteHeaders/SetHeaders between
 * middlewares). The server runs pre, then the API's auth check, then post, as Tyk's chain does.
 */
import type { LoadedHook } from './bundle-hooks';
import type { Jsvm, JsvmSpec } from './jsvm';
import { applyHeaderEdits, buildMiniRequest } from './mini-request';

export type Headers = { [name: string]: string | string[] };

export type HookPassResult =
  | { kind: 'proxy'; headers: Headers; url: string }
  | { kind: 'respond'; status: number; body: string; headers: { [name: string]: string } }
  | { kind: 'failed'; error: string };

export function runHooks(jsvm: Jsvm, hooks: LoadedHook[], spec: JsvmSpec, method: string, url: string, headers: Headers): HookPassResult {
  let currentUrl = url;
  for (const hook of hooks) {
    const outcome = jsvm.run(hook.name, buildMiniRequest(method, currentUrl, headers), spec);
    if (!outcome.ok) return { kind: 'failed', error: outcome.error };
    const returned = outcome.request;
    const overrides = returned.ReturnOverrides;
    if (overrides?.ResponseCode) {
      return {
        kind: 'respond',
        status: overrides.ResponseCode,
        body: overrides.ResponseError || overrides.ResponseBody || '',
        headers: overrides.ResponseHeaders || {},
      };
    }
    applyHeaderEdits(headers, returned);
    if (typeof returned.URL === 'string' && returned.URL.startsWith('/')) currentUrl = returned.URL;
  }
  return { kind: 'proxy', headers, url: currentUrl };
}
