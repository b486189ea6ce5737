/**
 * Reading Tyk's `request.Headers` (a copy, map of arrays, canonical Go names such as `Sw8`). Names
 * are compared in lowercase: a client may send any case and a gateway with
 * `ignore_canonical_mime_header_key` keeps it.
 */
export type HeaderMap = { [name: string]: string[] };

export function firstHeader(headers: HeaderMap, lowerName: string): string | undefined {
  for (const name in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, name) || name.toLowerCase() !== lowerName) continue;
    const values = headers[name];
    if (values && typeof values === 'object' && typeof values[0] === 'string') return values[0];
    if (typeof values === 'string') return values;
  }
  return undefined;
}

export function headerNamesWithPrefix(headers: HeaderMap, lowerPrefix: string): string[] {
  const names: string[] = [];
  for (const name in headers) {
    if (Object.prototype.hasOwnProperty.call(headers, name) && name.toLowerCase().lastIndexOf(lowerPrefix, 0) === 0) names.push(name);
  }
  return names;
}
