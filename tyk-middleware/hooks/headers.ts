/**
 * Reading Tyk's `request.Headers` (a copy, map of arrays, canonical Go names such as `Sw8`).
 *
 * In otto a JavaScript loop iteration or function call costs microseconds and a native call far
 * less, so the canonical name is tried first, and the names are only walked when the lowercase JSON
 * of all names (one native pass) shows the header is there under another case (a client's casing
 * kept by `ignore_canonical_mime_header_key`).
 */
export type HeaderMap = { [name: string]: string[] };

export interface HeaderReader {
  headers: HeaderMap;
  /** `["content-type","sw8",...]`: for indexOf checks. */
  lowerNames: string;
}

export function headerReader(headers: HeaderMap): HeaderReader {
  return { headers: headers, lowerNames: JSON.stringify(Object.keys(headers)).toLowerCase() };
}

function firstValue(values: unknown): string | undefined {
  if (typeof values === 'string') return values;
  return values instanceof Array && typeof values[0] === 'string' ? values[0] : undefined;
}

/** The first value of a header; `canonicalName` as Go writes it (`X-Forwarded-For`). */
export function readHeader(reader: HeaderReader, canonicalName: string): string | undefined {
  const direct = reader.headers[canonicalName];
  if (direct !== undefined) return firstValue(direct);
  const lower = canonicalName.toLowerCase();
  if (reader.lowerNames.indexOf('"' + lower + '"') === -1) return undefined;
  for (const name in reader.headers) {
    if (name.toLowerCase() === lower) return firstValue(reader.headers[name]);
  }
  return undefined;
}

/** The names, as present, of the headers whose lowercase name starts with `lowerPrefix`. */
export function headerNamesWithPrefix(reader: HeaderReader, lowerPrefix: string): string[] {
  const names: string[] = [];
  if (reader.lowerNames.indexOf('"' + lowerPrefix) === -1) return names;
  for (const name in reader.headers) {
    if (name.toLowerCase().lastIndexOf(lowerPrefix, 0) === 0) names.push(name);
  }
  return names;
}
