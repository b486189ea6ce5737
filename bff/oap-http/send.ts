/**
 * POSTs JSON to OAP's HTTP API with a client the SkyWalking agent does not see. The agent wraps
 * the `request` function of the `http`/`https` modules (HttpPlugin.interceptClientRequest), so a
 * request built with `new http.ClientRequest(...)` creates no exit span and carries no sw8: the
 * reporter's own traffic never shows up as BFF spans (test/bff/reporter-traffic-untraced.test.ts).
 * Outcomes are values: ok, retryable (network, timeout, 429, 5xx) or rejected (other 4xx).
 */
import http from 'node:http';
import https from 'node:https';

export type SendOutcome = { kind: 'ok'; status: number } | { kind: 'retryable'; reason: string } | { kind: 'rejected'; status: number; reason: string };

export type Sender = (path: string, body: string) => Promise<SendOutcome>;

export const SEND_TIMEOUT_MS = 5000;

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 2 });

/** ClientRequest's typed constructor takes one options object: the URL's parts. */
export function urlParts(url: URL): http.ClientRequestArgs {
  return {
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? undefined : Number(url.port),
    path: `${url.pathname}${url.search}`,
  };
}

export function postJson(url: string, body: string, timeoutMs = SEND_TIMEOUT_MS): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: SendOutcome): void => {
      if (done) return;
      done = true;
      resolve(outcome);
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      finish({ kind: 'rejected', status: 0, reason: `bad URL ${url}` });
      return;
    }
    const payload = Buffer.from(body, 'utf8');
    const req = new http.ClientRequest({
      ...urlParts(target),
      method: 'POST',
      agent: target.protocol === 'https:' ? httpsAgent : httpAgent,
      headers: { 'content-type': 'application/json', 'content-length': payload.length },
      timeout: timeoutMs,
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < 500) text += chunk;
      });
      res.on('end', () => {
        if (status >= 200 && status < 300) finish({ kind: 'ok', status });
        else if (status === 429 || status >= 500) finish({ kind: 'retryable', reason: `HTTP ${status} ${text.slice(0, 200)}` });
        else finish({ kind: 'rejected', status, reason: `HTTP ${status} ${text.slice(0, 200)}` });
      });
      res.on('error', (err) => finish({ kind: 'retryable', reason: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'retryable', reason: err.code ?? err.message }));
    req.end(payload);
  });
}

/** A Sender bound to one OAP base URL. */
export function oapSender(baseUrl: string, timeoutMs = SEND_TIMEOUT_MS): Sender {
  return (path, body) => postJson(`${baseUrl}${path}`, body, timeoutMs);
}
