/**
 * The one place errors become answers: `{code, error, detail, traceId}` with the registry's status
 * (docs/errors.md). Anything that is not a BffError is our own bug: 500 BFF_ERR_INTERNAL,
 * logged with its stack, its message not shown to the client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BFF_ERRORS, BffError } from './errors';
import { traceIdOf } from './request-trace';

export const notFound: RequestHandler = (req, _res, next) => {
  next(new BffError('BFF_ERR_NOT_FOUND', { detail: { method: req.method, path: req.path } }));
};

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const { status, headers, body, expected } = BFF_ERRORS.answer(err, traceIdOf(res));
    if (!expected) logger.error({ err, path: req.path }, 'unexpected error');
    else if (status >= 500) logger.warn({ code: body.code, detail: body.detail, path: req.path }, body.error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).set(headers).json(body);
  };
}
