// Reads the image from a /predict request: a raw image/* (or octet-stream) body, or the multipart
// field `file`. Stops reading at the byte limit instead of buffering the rest: the request is
// paused, the answer is 413 with `Connection: close`. A body that arrives too slowly (body-pace.ts)
// ends the same way with 408.
import type { Request } from 'express';
import busboy from 'busboy';
import { ModelError } from '../errors';
import { watchBodyPace, type BodyPace } from './body-pace';
import { abandonBody } from './unread-body';

export interface Upload {
  bytes: Buffer;
  /** multipart fields other than `file` (e.g. top_k) */
  fields: Record<string, string>;
  via: 'raw' | 'multipart';
}

/** Multipart framing (boundaries, part headers) allowed on top of the image bytes. */
const MULTIPART_OVERHEAD = 64 * 1024;

export function readUpload(req: Request, maxBytes: number, pace: BodyPace): Promise<Upload> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    return Promise.reject(new ModelError('MODEL_ERR_UNSUPPORTED_ENCODING', { detail: { contentEncoding: encoding, accepted: ['identity'] } }));
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (type === 'multipart/form-data') {
    if (declared > maxBytes + MULTIPART_OVERHEAD) return Promise.reject(tooLarge(maxBytes, declared, req));
    return readMultipart(req, maxBytes, pace);
  }
  if (type.startsWith('image/') || type === 'application/octet-stream') {
    if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes, declared, req));
    return readRaw(req, maxBytes, pace);
  }
  if (type === '' && declared === 0) return Promise.reject(new ModelError('MODEL_ERR_NO_FILE'));
  return Promise.reject(
    new ModelError('MODEL_ERR_UNSUPPORTED_TYPE', {
      detail: { contentType: type || null, accepted: ['image/*', 'application/octet-stream', 'multipart/form-data'] },
    }),
  );
}

/** Errors after which we stop reading: the connection closes after the answer. */
function stopsReading(err: Error): boolean {
  return err instanceof ModelError && (err.code === 'MODEL_ERR_TOO_LARGE' || err.code === 'MODEL_ERR_BODY_TOO_SLOW');
}

function tooSlow(err: ModelError, req: Request): ModelError {
  abandonBody(req);
  return err;
}

function tooLarge(limit: number, size: number | undefined, req: Request): ModelError {
  abandonBody(req);
  return new ModelError('MODEL_ERR_TOO_LARGE', { detail: size !== undefined && Number.isFinite(size) ? { limit, size } : { limit } });
}

function readRaw(req: Request, maxBytes: number, pace: BodyPace): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    let stopPace = (): void => undefined;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      stopPace();
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (err) {
        // Over the limit: stop reading (the connection closes after the answer). Otherwise
        // discard the rest so the keep-alive connection can carry the next request.
        if (stopsReading(err)) req.pause();
        else req.resume();
        reject(err);
        return;
      }
      if (total === 0) reject(new ModelError('MODEL_ERR_NO_FILE'));
      else resolve({ bytes: Buffer.concat(chunks, total), fields: {}, via: 'raw' });
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) finish(tooLarge(maxBytes, undefined, req));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(null);
    const onError = (err: Error): void => finish(new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { reason: err.message } }));
    // A client that goes away mid-upload must not keep its queue place forever.
    const onClose = (): void => finish(new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { reason: 'the client closed the connection during the upload' } }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    stopPace = watchBodyPace(req, pace, (err) => finish(tooSlow(err, req)));
  });
}

function readMultipart(req: Request, maxBytes: number, pace: BodyPace): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 1024, parts: 40 } });
    } catch (err) {
      reject(new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { reason: (err as Error).message } }));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Buffer | null = null;
    let fileDone: Promise<void> = Promise.resolve();
    let settled = false;
    let stopPace = (): void => undefined;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      stopPace();
      req.unpipe(bb);
      if (stopsReading(err)) req.pause();
      else req.resume();
      reject(err);
    };
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      if (name !== 'file' || file !== null) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      fileDone = new Promise((done) => {
        stream.on('data', (c: Buffer) => {
          total += c.length;
          chunks.push(c);
        });
        stream.on('limit', () => fail(tooLarge(maxBytes, undefined, req)));
        stream.on('end', () => {
          file = Buffer.concat(chunks, total);
          done();
        });
      });
    });
    bb.on('error', (err: Error) => fail(new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { reason: `malformed multipart body: ${err.message}` } })));
    bb.on('close', () => {
      void fileDone.then(() => {
        if (settled) return;
        settled = true;
        stopPace();
        if (!file || file.length === 0) reject(new ModelError('MODEL_ERR_NO_FILE', { detail: { hint: 'multipart field "file" is missing or empty' } }));
        else resolve({ bytes: file, fields, via: 'multipart' });
      });
    });
    req.on('error', (err) => fail(new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { reason: err.message } })));
    req.on('close', () => {
      if (!req.complete) fail(new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { reason: 'the client closed the connection during the upload' } }));
    });
    req.pipe(bb);
    stopPace = watchBodyPace(req, pace, (err) => fail(tooSlow(err, req)));
  });
}
