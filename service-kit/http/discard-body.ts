/**
 * After an early answer (413, 415, 400, busy, shutting down) the client may still be sending. The
 * service stops parsing at once but keeps discarding what arrives, bounded in time and bytes, as
 * nginx's lingering close does: destroying a socket with unread data makes the kernel send a RST,
 * and a client that is still writing (got writes the whole body before it reads) may then lose the
 * answer it was sent. A body discarded to its end leaves the connection usable; past the caps the
 * socket is destroyed. Nothing is ever held in memory.
 */
import type { IncomingMessage } from 'node:http';

export const LINGER_MAX_MS = 2000;
export const LINGER_MAX_BYTES = 16 * 1024 * 1024;

export function discardBody(req: IncomingMessage, maxMs = LINGER_MAX_MS, maxBytes = LINGER_MAX_BYTES): void {
  if (req.readableEnded || req.destroyed) return;
  let seen = 0;
  const stop = (): void => {
    clearTimeout(timer);
    req.off('data', onData);
    if (!req.readableEnded) req.socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen > maxBytes) stop();
  };
  const timer = setTimeout(stop, maxMs);
  timer.unref();
  req.on('data', onData);
  req.once('end', () => {
    clearTimeout(timer);
    req.off('data', onData);
  });
  req.resume();
}
