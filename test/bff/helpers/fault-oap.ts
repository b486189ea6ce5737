/**
 * An OAP HTTP endpoint that fails on demand, for the reporter's fault tests (the real collector
 * cannot be told to answer 503 or hang). It speaks OAP's REST contract: JSON array in, `{}` out.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `reset`: every new connection is reset at once, as when the collector is down, on a port that stays ours. */
export type Fault = 'ok' | 'status503' | 'status400' | 'hang' | 'reset';

export interface FaultOap {
  url: string;
  /** Every request: path, headers, parsed body, and the answer given. */
  requests: { path: string; headers: http.IncomingHttpHeaders; body: any; fault: Fault; at: number }[];
  fault: Fault;
  close(): Promise<void>;
}

export async function startFaultOap(initial: Fault = 'ok'): Promise<FaultOap> {
  const state: FaultOap = { url: '', requests: [], fault: initial, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const fault = state.fault;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      state.requests.push({ path: req.url ?? '', headers: req.headers, body, fault, at: Date.now() });
      if (fault === 'hang') return;
      res.setHeader('content-type', 'application/json');
      if (fault === 'status503') res.statusCode = 503;
      if (fault === 'status400') res.statusCode = 400;
      res.end(fault === 'ok' ? '{}' : '{"error":"fault"}');
    });
  });
  server.on('connection', (socket) => {
    if (state.fault === 'reset') socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
