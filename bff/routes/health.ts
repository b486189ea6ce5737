/** `GET /healthz` (the process runs), `GET /readyz` (the model is reachable), `GET /metrics`. Not traced (SW_TRACE_IGNORE_PATH). */
import { Router } from 'express';
import type { Registry } from 'prom-client';
import { BffError } from '../errors';
import { probeModel } from '../model-probe';

export function healthRoutes(options: { modelUrl: string; registry: Registry; isDraining: () => boolean }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res, next) => {
    if (options.isDraining()) {
      next(new BffError('BFF_ERR_NOT_READY', { detail: { reason: 'shutting down' } }));
      return;
    }
    probeModel(options.modelUrl).then((probe) => {
      if (probe.reachable) res.json({ status: 'ready', model: { url: options.modelUrl, status: probe.status, ms: probe.ms } });
      else next(new BffError('BFF_ERR_NOT_READY', { detail: { modelUrl: options.modelUrl, reason: probe.reason } }));
    }, next);
  });
  router.get('/metrics', (_req, res, next) => {
    options.registry.metrics().then((text) => {
      res.setHeader('content-type', options.registry.contentType);
      res.send(text);
    }, next);
  });
  return router;
}
