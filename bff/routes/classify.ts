/**
 * `POST /api/v1/classify`, multipart field `image` (the original BFF's contract). busboy parses
 * the upload as it arrives; the image's first bytes pick its Content-Type (sniff.ts) and the rest
 * is piped to the model with backpressure, so the BFF never holds an upload in memory. Any
 * failure answers at once and stops the upload (upload-drain.ts); the model call is aborted.
 */
import busboy from 'busboy';
import { PassThrough, type Readable } from 'node:stream';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BffError } from '../errors';
import { callModel, type ModelOutcome } from '../model-client';
import { SNIFF_BYTES, sniffImageType } from '../../model/image/sniff';
import { formatServerTiming } from '../server-timing';
import { requestTrace } from '../request-trace';
import { discardBody } from '../../service-kit/http/discard-body';
import type { EdgeRequest } from '../edge-segment/read-edge-headers';

export const IMAGE_FIELD = 'image';

export interface ClassifyOptions {
  modelUrl: string;
  modelTimeoutMs: number;
  maxUploadBytes: number;
  /** Called once per model call (for metrics). */
  onModelCall?: (outcome: ModelOutcome) => void;
  logger?: Logger;
}

/** Gateway time: edge pre → edge post, only from edge headers the reporter trusted (bff/edge-segment/middleware.ts). */
function edgeDuration(res: Response): number | undefined {
  const edge = res.locals.edge as EdgeRequest | undefined;
  if (!edge || edge.post === undefined) return undefined;
  return edge.post - edge.start;
}

export function classifyHandler(options: ClassifyOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const encoding = (req.headers['content-encoding'] ?? '').trim();
    // busboy reads the bytes as sent: a compressed body is not multipart, and a plain one
    // labelled as compressed would be taken on trust. Neither is guessed at.
    if (encoding !== '' && encoding.toLowerCase() !== 'identity') {
      discardBody(req);
      next(new BffError('BFF_ERR_UNSUPPORTED_ENCODING', { detail: { contentEncoding: encoding.slice(0, 100), accepted: ['identity'] } }));
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data\b/i.test(contentType)) {
      discardBody(req);
      next(new BffError('BFF_ERR_NOT_MULTIPART', { detail: { contentType: contentType || null } }));
      return;
    }
    // busboy emits 'limit' when a file reaches fileSize bytes: limit + 1 means "more than the limit".
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: options.maxUploadBytes + 1, fields: 32, parts: 64, fieldSize: 64 * 1024 } });
    } catch (err) {
      discardBody(req);
      next(new BffError('BFF_ERR_BAD_MULTIPART', { detail: (err as Error).message }));
      return;
    }

    const abort = new AbortController();
    let settled = false;
    let parsed = false;
    let sawImage = false;
    let imageAsText = false;
    let model: ModelOutcome | undefined;

    const fail = (error: BffError): void => {
      if (settled) return;
      settled = true;
      abort.abort();
      req.unpipe(parser);
      parser.removeAllListeners('file');
      parser.on('error', () => undefined);
      discardBody(req);
      next(error);
    };

    const succeedIfDone = (): void => {
      if (settled || !parsed) return;
      if (!sawImage) {
        const detail = imageAsText ? { hint: 'the field "image" came as text: send it as a file (curl -F image=@cat.jpg)' } : undefined;
        fail(new BffError('BFF_ERR_NO_IMAGE', { detail }));
        return;
      }
      if (model === undefined) return;
      if (!model.ok) {
        fail(model.error);
        return;
      }
      settled = true;
      const trace = requestTrace(res);
      const bffMs = performance.now() - trace.arrivedPerf;
      res.setHeader(
        'Server-Timing',
        formatServerTiming([
          ['edge', edgeDuration(res)],
          ['bff', bffMs],
          ['model', model.durationMs],
          ['infer', model.timings.infer],
        ]),
      );
      res.status(200).json({ traceId: trace.traceId, model: model.answer.model, predictions: model.answer.predictions });
    };

    const forward = (file: Readable, head: Buffer): void => {
      const type = sniffImageType(head);
      if (type === null) {
        file.resume();
        fail(new BffError('BFF_ERR_UNSUPPORTED_TYPE', { detail: { firstBytes: head.subarray(0, SNIFF_BYTES).toString('hex') } }));
        return;
      }
      const body = new PassThrough();
      body.write(head);
      file.pipe(body);
      callModel({ modelUrl: options.modelUrl, timeoutMs: options.modelTimeoutMs, body, contentType: type, signal: abort.signal }).then(
        (outcome) => {
          if (outcome.ok || !outcome.aborted) {
            options.onModelCall?.(outcome);
            // Logged in the model call's continuation, so the line carries the agent's trace ids.
            if (outcome.ok)
              options.logger?.info({ model: outcome.answer.model, contentType: type, modelMs: Math.round(outcome.durationMs * 10) / 10 }, 'classified');
            else
              options.logger?.info(
                { code: outcome.error.code, status: outcome.error.status, modelMs: Math.round(outcome.durationMs * 10) / 10 },
                'model call failed',
              );
          }
          if (settled) return;
          model = outcome;
          if (!outcome.ok) {
            fail(outcome.error);
            return;
          }
          succeedIfDone();
        },
        (err: unknown) => fail(new BffError('BFF_ERR_INTERNAL', { detail: String(err) })),
      );
    };

    parser.on('file', (name: string, file: Readable) => {
      if (settled) {
        file.on('error', () => undefined);
        file.resume();
        return;
      }
      if (name !== IMAGE_FIELD || sawImage) {
        file.on('error', () => undefined);
        file.resume();
        if (sawImage) {
          fail(new BffError('BFF_ERR_EXTRA_FILE', { detail: { field: name } }));
          return;
        }
        fail(new BffError('BFF_ERR_WRONG_FIELD', { detail: { field: name.slice(0, 100), expected: IMAGE_FIELD } }));
        return;
      }
      sawImage = true;
      // busboy destroys the file stream on a broken body; pipe() does not forward that error.
      file.on('error', (err: Error) => fail(new BffError('BFF_ERR_BAD_MULTIPART', { detail: err.message })));
      file.on('limit', () => fail(new BffError('BFF_ERR_TOO_LARGE', { detail: { limitBytes: options.maxUploadBytes } })));
      // Collect the first bytes to sniff the type, then stream the rest.
      const chunks: Buffer[] = [];
      let length = 0;
      const onData = (chunk: Buffer): void => {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= SNIFF_BYTES) {
          file.off('data', onData);
          file.off('end', onEnd);
          file.pause();
          forward(file, Buffer.concat(chunks));
        }
      };
      const onEnd = (): void => {
        file.off('data', onData);
        if (length === 0) {
          fail(new BffError('BFF_ERR_EMPTY_IMAGE'));
          return;
        }
        const head = Buffer.concat(chunks);
        const rest = new PassThrough();
        rest.end();
        forward(rest, head);
      };
      file.on('data', onData);
      file.on('end', onEnd);
    });
    // A part without a filename is a text field to busboy (and to multer before it).
    parser.on('field', (name: string) => {
      if (name === IMAGE_FIELD) imageAsText = true;
    });
    parser.on('error', (err: Error) => fail(new BffError('BFF_ERR_BAD_MULTIPART', { detail: err.message })));
    parser.on('close', () => {
      parsed = true;
      succeedIfDone();
    });
    req.on('aborted', () => {
      settled = true;
      abort.abort();
    });
    req.pipe(parser);
  };
}
