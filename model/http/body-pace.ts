// A request body that trickles in must not hold a connection and its buffers for ever (issue 9 §5).
// Two rules, as nginx (client_body_timeout: the pause between two reads) and Envoy/Apache
// (mod_reqtimeout MinRate: an average rate after a grace period) apply them: a pause longer than
// idleTimeoutMs, or an average below minBytesPerSecond once graceMs have passed, ends the read
// with MODEL_ERR_BODY_TOO_SLOW (408). Node's own requestTimeout stays the outer bound.
import type { Request } from 'express';
import { ModelError } from '../errors';

export interface BodyPace {
  idleTimeoutMs: number;
  /** 0: no rate rule */
  minBytesPerSecond: number;
  graceMs: number;
}

/** Calls onTooSlow at most once; the returned function stops watching. */
export function watchBodyPace(req: Request, pace: BodyPace, onTooSlow: (err: ModelError) => void): () => void {
  const started = performance.now();
  let lastChunk = started;
  let received = 0;
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    lastChunk = performance.now();
  };
  const check = (): void => {
    const now = performance.now();
    const elapsedMs = now - started;
    const idleMs = now - lastChunk;
    if (idleMs >= pace.idleTimeoutMs) {
      stop();
      onTooSlow(new ModelError('MODEL_ERR_BODY_TOO_SLOW', { detail: { rule: 'idle', idleTimeoutMs: pace.idleTimeoutMs, received } }));
      return;
    }
    if (pace.minBytesPerSecond > 0 && elapsedMs >= pace.graceMs) {
      const rate = (received * 1000) / elapsedMs;
      if (rate < pace.minBytesPerSecond) {
        stop();
        onTooSlow(
          new ModelError('MODEL_ERR_BODY_TOO_SLOW', {
            detail: { rule: 'rate', minBytesPerSecond: pace.minBytesPerSecond, bytesPerSecond: Math.round(rate), received },
          }),
        );
      }
    }
  };
  const tick = Math.max(50, Math.min(1000, pace.idleTimeoutMs / 4, pace.graceMs > 0 ? pace.graceMs / 4 : 1000));
  const timer = setInterval(check, tick);
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
    req.off('data', onData);
  };
  req.on('data', onData);
  return stop;
}
