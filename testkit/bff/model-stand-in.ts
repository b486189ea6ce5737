/**
 * A model server stand-in for tests about the BFF's own behaviour. It speaks the model's contract
 * (docs/bff.md): `POST /predict` with the raw image as the body, answers
 * `{model, backend, predictions}` with `Server-Timing: decode;dur=…, queue;dur=…, infer;dur=…, post;dur=…`,
 * errors as `{code, error, detail, traceId}`. Each behaviour a test needs is a knob.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  body: Buffer;
  /** The caller hung up before the body ended. */
  aborted: boolean;
}

export interface StandInBehaviour {
  /** Answer with this status and error body instead of predictions. */
  status?: number;
  errorBody?: unknown;
  retryAfter?: string;
  /** Wait this long after reading the body before answering. */
  delayMs?: number;
  /** Read at most this many bytes per 10 ms (a slow model). */
  readBytesPer10ms?: number;
  /** Stop reading after this many bytes until `release()` is called. */
  stallAfterBytes?: number;
  /** Keep the body (off for big uploads). */
  keepBody?: boolean;
}

export interface ModelStandIn {
  url: string;
  received: ReceivedRequest[];
  /** Bytes of the current upload read so far. */
  bytesRead(): number;
  set(behaviour: StandInBehaviour): void;
  release(): void;
  close(): Promise<void>;
}

export const STAND_IN_ANSWER = {
  model: 'stand-in',
  backend: 'none',
  predictions: [
    { label: 'Neutral', probability: 0.9 },
    { label: 'Drawing', probability: 0.1 },
  ],
};

export async function startModelStandIn(initial: StandInBehaviour = {}): Promise<ModelStandIn> {
  let behaviour: StandInBehaviour = { keepBody: true, ...initial };
  const received: ReceivedRequest[] = [];
  let current = 0;
  let releaseStall: (() => void) | undefined;
  let released = false;

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"ok"}');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/predict') {
      res.statusCode = 404;
      res.end(JSON.stringify({ code: 'MODEL_ERR_NOT_FOUND', error: 'no route', traceId: null }));
      return;
    }
    const b = behaviour;
    const chunks: Buffer[] = [];
    current = 0;
    const record: ReceivedRequest = { method: req.method, url: req.url, headers: req.headers, bytes: 0, body: Buffer.alloc(0), aborted: false };
    received.push(record);
    req.on('close', () => {
      if (!req.readableEnded) record.aborted = true;
    });
    const answer = (): void => {
      record.body = Buffer.concat(chunks);
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        if (b.status !== undefined && b.status !== 200) {
          res.statusCode = b.status;
          if (b.retryAfter !== undefined) res.setHeader('retry-after', b.retryAfter);
          res.end(
            typeof b.errorBody === 'string' ? b.errorBody : JSON.stringify(b.errorBody ?? { code: 'MODEL_ERR_TEST', error: 'stand-in error', traceId: null }),
          );
          return;
        }
        res.setHeader('server-timing', 'decode;dur=1.5, queue;dur=0.2, infer;dur=12.3, post;dur=0.1');
        res.end(JSON.stringify(STAND_IN_ANSWER));
      }, b.delayMs ?? 0);
    };
    const onChunk = (chunk: Buffer): void => {
      current += chunk.length;
      record.bytes += chunk.length;
      if (b.keepBody) chunks.push(chunk);
    };
    if (b.readBytesPer10ms === undefined && b.stallAfterBytes === undefined) {
      req.on('data', onChunk);
      req.on('end', answer);
      return;
    }
    // Pull-based slow reader.
    const perTick = b.readBytesPer10ms ?? Infinity;
    const pump = (): void => {
      let budget = perTick;
      while (budget > 0) {
        if (b.stallAfterBytes !== undefined && current >= b.stallAfterBytes && !released) {
          releaseStall = pump;
          return;
        }
        const chunk = req.read(Math.min(budget, 64 * 1024)) as Buffer | null;
        if (chunk === null) {
          const small = req.read() as Buffer | null;
          if (small === null) {
            if (req.readableEnded) return;
            req.once('readable', pump);
            return;
          }
          onChunk(small);
          budget -= small.length;
          continue;
        }
        onChunk(chunk);
        budget -= chunk.length;
      }
      setTimeout(pump, 10);
    };
    req.on('end', answer);
    req.once('readable', pump);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    bytesRead: () => current,
    set(next) {
      behaviour = { keepBody: true, ...next };
      released = false;
    },
    release() {
      released = true;
      const r = releaseStall;
      releaseStall = undefined;
      r?.();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
