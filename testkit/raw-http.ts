// Clients for tests and benchmarks: plain node:http requests (no agent of ours instruments them), a
// body that trickles or stalls, and bytes on a socket for requests no well-behaved client would send
// (oversized or too many headers, broken request lines, slow heads).
import http from 'node:http';
import net from 'node:net';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

function readAnswer(res: http.IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (text += c));
    res.on('error', reject);
    res.on('end', () => {
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = { unparsed: text };
      }
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
    });
  });
}

export interface SendOptions {
  method?: string;
  /** Default: the path of `address`, so a whole URL can be given. */
  path?: string;
  headers?: Record<string, string>;
  /** A keep-alive agent for load; by default one connection per request. */
  agent?: http.Agent | false;
}

/** One request with plain node:http: no agent of ours instruments it, so only the server's spans are traced. */
export function send(address: string, body: Buffer | string | undefined, options: SendOptions = {}): Promise<Answer> {
  const url = new URL(address);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent: options.agent ?? false,
        host: url.hostname,
        port: url.port,
        path: options.path ?? url.pathname + url.search,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => void readAnswer(res).then(resolve, reject),
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function post(
  address: string,
  body: Buffer | string,
  headers: Record<string, string> = { 'Content-Type': 'image/jpeg' },
  path = '/predict',
  agent: http.Agent | false = false,
): Promise<Answer> {
  return send(address, body, { method: 'POST', path, headers, agent });
}

/**
 * Sends `body` (declared with its Content-Length) `chunk` bytes every `everyMs`, until it is all
 * sent, `stallAfter` bytes were sent (then it stops writing but keeps the connection), or the server
 * answers.
 */
export function trickle(address: string, body: Buffer, opts: { chunk: number; everyMs: number; stallAfter?: number }): Promise<Answer> {
  const url = new URL(address);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let answered = false;
    const req = http.request(
      {
        agent: false,
        host: url.hostname,
        port: url.port,
        path: '/predict',
        method: 'POST',
        headers: { 'Content-Type': 'image/jpeg', 'Content-Length': String(body.length) },
      },
      (res) => {
        answered = true;
        clearInterval(timer);
        void readAnswer(res).then((a) => {
          req.destroy();
          resolve(a);
        }, reject);
      },
    );
    // The server may close the connection while we still write: the answer is what counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    let sent = 0;
    const limit = opts.stallAfter ?? body.length;
    const step = (): void => {
      if (answered || sent >= limit) return;
      const next = body.subarray(sent, Math.min(limit, sent + opts.chunk));
      sent += next.length;
      req.write(next);
      if (sent >= body.length) {
        clearInterval(timer);
        req.end();
      }
    };
    req.flushHeaders();
    timer = setInterval(step, opts.everyMs);
    step();
  });
}

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

/**
 * Writes `bytes` on a socket to `address` (`http://127.0.0.1:PORT`). Resolves with the first response
 * as the server wrote it, once its Content-Length is in, or with what came before the server closed.
 */
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
