/**
 * The one place errors become answers: `{code, error, detail, traceId}` with the registry's status
 * (docs/errors.md). Anything that is not a BffError is our own bug: 500 BFF_ERR_INTERNAL,
 * logged with its stack, its message not shown to the client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BffError, isBffError } from './errors';
import { traceIdOf } from './request-trace';

export const notFound: RequestHandler = (req, _res, next) => {
  next(new BffError('BFF_ERR_NOT_FOUND', { detail: { method: req.method, path: req.path } }));
};

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const error = isBffError(err) ? err : new BffError('BFF_ERR_INTERNAL');
    if (!isBffError(err)) logger.error({ err, path: req.path }, 'unexpected error');
    else if (error.status >= 500) logger.warn({ code: error.code, detail: error.detail, path: req.path }, error.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json(error.body(traceIdOf(res)));
  };
}
