/**
 * One gateway pass over a request's headers: pre hooks, then post hooks, each seeing the headers the
 * previous one left (Tyk applies DeleteHeaders/SetHeaders between middlewares). Auth, quotas and
 * transforms, which sit between pre and post in Tyk, are not emulated.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { BundleHooks } from './bundle-hooks';
import type { Jsvm, JsvmSpec } from './jsvm';
import { applyHeaderEdits, buildMiniRequest } from './mini-request';

export type HookPassResult =
  | { kind: 'proxy'; headers: { [name: string]: string | string[] }; url: string }
  | { kind: 'respond'; status: number; body: string; headers: { [name: string]: string } }
  | { kind: 'failed'; error: string };

export function runHookPass(jsvm: Jsvm, hooks: BundleHooks, spec: JsvmSpec, method: string, url: string, incoming: IncomingHttpHeaders): HookPassResult {
  const headers: { [name: string]: string | string[] } = {};
  for (const [name, value] of Object.entries(incoming)) if (value !== undefined) headers[name] = value;
  let currentUrl = url;
  for (const hook of [...hooks.pre, ...hooks.post]) {
    const outcome = jsvm.run(hook.name, buildMiniRequest(method, currentUrl, headers), spec);
    if (!outcome.ok) return { kind: 'failed', error: outcome.error };
    const returned = outcome.request;
    const overrides = returned.ReturnOverrides;
    if (overrides && overrides.ResponseCode) {
      return { kind: 'respond', status: overrides.ResponseCode, body: overrides.ResponseError || overrides.ResponseBody || '', headers: overrides.ResponseHeaders || {} };
    }
    applyHeaderEdits(headers, returned);
    if (typeof returned.URL === 'string' && returned.URL.startsWith('/')) currentUrl = returned.URL;
  }
  return { kind: 'proxy', headers, url: currentUrl };
}
