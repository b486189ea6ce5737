/**
 * Turns a header-editing function into a Tyk JSVM middleware that is cheap and can never fail closed.
 *
 * Tyk evaluates `NAME.DoProcessRequest(request, session, spec)` on a deep copy of the VM. The stock
 * DoProcessRequest b64dec's the whole body, and the return path b64enc's and JSON-stringifies it
 * again: ~69 ms per hook for 5 MB in otto (measured). Our override never reads `Body`, blanks it
 * before stringifying, and returns `IgnoreBody: true` so Tyk restores the original bytes.
 *
 * A throw, a timeout or a bad return value makes Tyk answer 500 without proxying
 * (gateway/mw_js_plugin.go), so everything is caught and the request passes on unchanged.
 */
import type { TykMiddlewareInstance, TykRequest, TykSpec } from '../tyk-contract';

export interface HeaderEdits {
  set: { [name: string]: string };
  remove: string[];
}

export type HeaderHook = (request: TykRequest, spec: TykSpec, edits: HeaderEdits, complaints: string[]) => void;

function logSafely(message: string): void {
  try {
    log(message);
  } catch (_ignored) {
    // Nothing left to report to; the request must still pass.
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.name + ': ' + error.message : String(error);
  } catch (_ignored) {
    return 'unprintable error';
  }
}

function passOn(request: TykRequest, edits: HeaderEdits): string {
  // Tyk re-parses the returned URL and params, so the request goes back as received, minus the body
  // (restored by IgnoreBody) and the incoming headers (read-only to Tyk; dropping them keeps the
  // returned JSON small, as the stock path does).
  request.Body = '';
  request.Headers = {};
  request.IgnoreBody = true;
  request.SetHeaders = edits.set;
  request.DeleteHeaders = edits.remove;
  return JSON.stringify({ Request: request, SessionMeta: {} });
}

export function defineHook(name: string, hook: HeaderHook): TykMiddlewareInstance {
  const middleware = new TykJS.TykMiddleware.NewMiddleware({});
  middleware.DoProcessRequest = function (request: TykRequest, _session: unknown, spec: TykSpec): string {
    const edits: HeaderEdits = { set: {}, remove: [] };
    const complaints: string[] = [];
    if (typeof request !== 'object' || request === null || request instanceof Array) {
      logSafely(name + ': Tyk passed no request object; passing the request on unchanged');
      return JSON.stringify({ Request: { IgnoreBody: true }, SessionMeta: {} });
    }
    if (typeof request.Headers !== 'object' || request.Headers === null || request.Headers instanceof Array) request.Headers = {};
    try {
      hook(request, spec, edits, complaints);
    } catch (error) {
      logSafely(name + ': ' + describe(error) + '; passing the request on unchanged');
      edits.set = {};
      edits.remove = [];
    }
    for (let i = 0; i < complaints.length; i++) logSafely(name + ': ' + complaints[i]);
    try {
      return passOn(request, edits);
    } catch (error) {
      logSafely(name + ': could not serialise the request (' + describe(error) + '); passing it on unchanged');
      return JSON.stringify({ Request: { URL: String(request.URL), IgnoreBody: true }, SessionMeta: {} });
    }
  };
  return middleware;
}
