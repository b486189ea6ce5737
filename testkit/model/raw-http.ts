// Clients the ordinary ones cannot be: a body that trickles or stalls, bytes that are not HTTP.
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
        path: options.path ?? '/',
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

/** Writes raw bytes on a TCP connection and returns everything the server sent until it closed. */
export function rawExchange(address: string, bytes: string | Buffer, timeoutMs = 15_000): Promise<string> {
  const url = new URL(address);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close after ${timeoutMs} ms; got ${JSON.stringify(text.slice(0, 300))}`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (text += c));
    socket.on('error', () => undefined); // a reset after the answer
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.write(bytes);
  });
}

/** Status and JSON body of a raw HTTP/1.1 answer. */
export function parseRaw(text: string): { status: number; head: string; json: any } {
  const [head, body = ''] = text.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    json = { unparsed: body };
  }
  return { status, head, json };
}
