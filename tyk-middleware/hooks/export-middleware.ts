/**
 * How a hook hands its middleware to the build's wrapper, which turns it into the one global Tyk
 * calls (see tyk-middleware/build/compile-hook.ts for why not `export default`).
 */
import type { TykMiddlewareInstance } from '../tyk-contract';

declare var __swEdgeExport: { middleware?: TykMiddlewareInstance };

export function exportMiddleware(middleware: TykMiddlewareInstance): void {
  __swEdgeExport.middleware = middleware;
}
