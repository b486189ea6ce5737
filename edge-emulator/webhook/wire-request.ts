/**
 * `OriginatingRequest` as Tyk makes it: base64 of Go's `(*http.Request).Write` of the request as it
 * stood when refused (gateway/event_system.go, EncodeRequestToEvent): request line, `Host`, then the
 * headers with canonical names in sorted order, a blank line. The emulator streams bodies and never
 * reads a refused one, so the body Tyk would append is left out.
 */
import { canonicalHeaderName } from '../mini-request';

export function encodeOriginatingRequest(method: string, requestUri: string, headers: { [name: string]: string | string[] }): string {
  const lines = [`${method} ${requestUri} HTTP/1.1`];
  const host = headers.host;
  lines.push(`Host: ${Array.isArray(host) ? host[0] : (host ?? '')}`);
  const rest = Object.keys(headers)
    .filter((name) => name.toLowerCase() !== 'host')
    .map((name) => [canonicalHeaderName(name), headers[name]] as const);
  rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of rest) for (const v of ([] as string[]).concat(value)) lines.push(`${name}: ${v}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1').toString('base64');
}
