/**
 * Readiness: is the model server reachable? Any HTTP answer from `GET {MODEL_URL}/healthz` counts
 * (the BFF maps the model's own errors per request); a refused, reset or silent connection does
 * not. Built on `new http.ClientRequest` like the reporter, so probes create no spans.
 */
import http from 'node:http';
import { urlParts } from './oap-http/send';

export type ProbeResult = { reachable: true; status: number; ms: number } | { reachable: false; reason: string; ms: number };

export function probeModel(modelUrl: string, timeoutMs = 2000): Promise<ProbeResult> {
  const started = performance.now();
  const ms = (): number => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    let req: http.ClientRequest;
    try {
      req = new http.ClientRequest({ ...urlParts(new URL(`${modelUrl}/healthz`)), method: 'GET', timeout: timeoutMs, agent: false });
    } catch (err) {
      resolve({ reachable: false, reason: (err as Error).message, ms: ms() });
      return;
    }
    req.on('response', (res) => {
      res.resume();
      resolve({ reachable: true, status: res.statusCode ?? 0, ms: ms() });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ reachable: false, reason: err.code ?? err.message, ms: ms() }));
    req.end();
  });
}
