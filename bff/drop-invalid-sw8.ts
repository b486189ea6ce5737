/**
 * An invalid `sw8` never reaches the agent (docs/architecture.md "Header contract", issue 9 §2). The agent
 * reads `req.headers.sw8` in its wrapper around the server's 'request' listener: given bad base64
 * or an overlong value it continues a garbage trace id (which then fails `setHeader`), given
 * other invalid values it silently stops tracing. The agent wraps only `on`/`addListener`, so a
 * listener put first with `prependListener` runs before its wrapper on the same request object.
 * With the header gone the agent starts a new, complete trace, as the edge would.
 */
import type { Server, IncomingMessage } from 'node:http';
import { parseSw8, type Sw8InvalidReason } from '../trace/sw8';
import { SW8_HEADER } from '../trace/edge-headers';
import { nodeBase64 } from '../trace/platform/node-base64';

export function dropInvalidSw8(server: Server, onDrop: (reason: Sw8InvalidReason, detail: string) => void): void {
  server.prependListener('request', (req: IncomingMessage) => {
    const value = req.headers[SW8_HEADER];
    if (value === undefined) return;
    // Node joins repeated sw8 headers with ", ", which no valid value contains: dropped too.
    const parsed = parseSw8(Array.isArray(value) ? value.join(', ') : value, nodeBase64);
    if (parsed.ok) return;
    delete req.headers[SW8_HEADER];
    onDrop(parsed.reason, parsed.detail);
  });
}
