/** Streams a request to the upstream and its answer back; the body is never buffered. */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { sendEdgeError } from './errors';

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

function withoutHopByHop<T extends { [name: string]: unknown }>(headers: T): T {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

export function proxyRequest(
  agent: http.Agent,
  target: URL,
  req: IncomingMessage,
  res: ServerResponse,
  headers: { [name: string]: string | string[] },
  traceId: string | null,
): void {
  const forwardedFor = [headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  const upstream = http.request(target, {
    method: req.method,
    agent,
    headers: { ...withoutHopByHop(headers), host: target.host, 'x-forwarded-for': forwardedFor },
  });
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => sendEdgeError(res, 'EDGE_ERR_UPSTREAM', `${target.origin}: ${error.message}`, traceId));
  // A client that goes away must not leave the upstream call running.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
