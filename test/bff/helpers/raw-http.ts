/**
 * Bytes on a socket, for requests no well-behaved client would send (oversized or too many
 * headers, broken request lines, slow heads). Resolves with the first response as the server
 * wrote it, once its Content-Length is in, or with what came before the server closed.
 */
import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** The body of a chunked message, or undefined until its last chunk is in. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function parse(buffer: Buffer): RawAnswer | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const rest = buffer.subarray(end + 4);
  let body: string;
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks = dechunk(rest);
    if (chunks === undefined) return undefined;
    body = chunks.toString('utf8');
  } else {
    if (Number.isFinite(length) && rest.length < length) return undefined;
    body = (Number.isFinite(length) ? rest.subarray(0, length) : rest).toString('utf8');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body, json };
}

/** `address` as `http://127.0.0.1:PORT`. */
export function rawRequest(address: string, bytes: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(address);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (answer: RawAnswer | undefined, why: string): void => {
      if (done) return;
      done = true;
      socket.destroy();
      if (answer) resolve(answer);
      else reject(new Error(`no complete HTTP answer (${why}); got ${JSON.stringify(received.toString('latin1').slice(0, 300))}`));
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parse(received);
      if (answer) finish(answer, 'complete');
    });
    socket.on('close', () => finish(parse(received), 'closed'));
    socket.on('error', (err) => {
      if (!done && received.length === 0) {
        done = true;
        reject(err);
      }
    });
    socket.write(bytes);
  });
}

/** A request head with `extra` header lines, `Connection: close`. */
export function rawHead(method: string, path: string, extra: string[] = []): string {
  return [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...extra, 'Connection: close', '', ''].join('\r\n');
}
