// Reads a request body up to a byte limit; the outcome is a value, never a throw.
import type { IncomingMessage } from 'node:http';

/** Default HTTP body limit: nginx-lua sends ≤ 100 segments per POST, a few hundred KB; 10 MiB leaves room. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export type BodyOutcome = { kind: 'ok'; text: string } | { kind: 'too-large'; limit: number; declared: number | null } | { kind: 'aborted'; reason: string };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const declared = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : null;
  if (declared !== null && Number.isFinite(declared) && declared > limit) {
    req.resume(); // discard without buffering
    return Promise.resolve({ kind: 'too-large', limit, declared });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (outcome: BodyOutcome) => {
      if (done) return;
      done = true;
      resolve(outcome);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish({ kind: 'too-large', limit, declared: null });
        return; // keep draining (no listener work) so the answer can be written
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', (err) => finish({ kind: 'aborted', reason: err.message }));
    req.on('aborted', () => finish({ kind: 'aborted', reason: 'client aborted' }));
  });
}
