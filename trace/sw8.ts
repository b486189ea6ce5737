/**
 * The `sw8` header: SkyWalking Cross Process Propagation Headers Protocol v3
 * (docs/en/api/x-process-propagation-headers-v3.md):
 *
 *   sample-traceId-parentSegmentId-parentSpanId-parentService-parentServiceInstance-parentEndpoint-peer
 *
 * Every field but the sample flag and the span id is standard base64 (`+/=`; URL-safe base64 has `-`
 * and would break the split). The parser is stricter than the agents on purpose: skywalking-backend-js
 * treats a present-but-invalid sw8 as "do not trace", so a value we forward must be one every agent
 * accepts. It returns a reason instead of throwing: it runs inside Tyk, where a throw is an HTTP 500.
 *
 * ES5-safe: runs in otto (no lookaround in regexes, no ES2015 builtins).
 */
import type { Base64Codec } from './base64';
import { isIdText, isPrintableAscii } from './printable-ascii';

export interface Sw8Context {
  /** `1` = sampled. No agent honours `0`; we always emit `1`. */
  sample: string;
  traceId: string;
  parentSegmentId: string;
  /** The caller's exit span id. */
  parentSpanId: number;
  parentService: string;
  parentServiceInstance: string;
  /** The operation of the caller's first entry span. */
  parentEndpoint: string;
  /** The address the caller used for the callee; must equal the caller's exit span `peer`. */
  networkAddressUsedAtPeer: string;
}

export type Sw8InvalidReason = 'missing' | 'tooLong' | 'wrongFieldCount' | 'emptyField' | 'badBase64' | 'badSpanId' | 'notPrintable';

export type Sw8ParseResult = { ok: true; context: Sw8Context } | { ok: false; reason: Sw8InvalidReason; detail: string };

/** The whole value must be under 2 KB (docs/architecture.md); it also bounds the work done on hostile input. */
export const SW8_MAX_LENGTH = 2047;

const FIELD_COUNT = 8;
const FIELD_NAMES = [
  'sample',
  'traceId',
  'parentSegmentId',
  'parentSpanId',
  'parentService',
  'parentServiceInstance',
  'parentEndpoint',
  'networkAddressUsedAtPeer',
];
// Standard alphabet, padding only at the end. Unpadded input is accepted when its length can be
// valid base64 (not 1 mod 4), as Go's RawStdEncoding fallback in Tyk's b64dec does.
const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SPAN_ID = /^[0-9]{1,9}$/;

function invalid(reason: Sw8InvalidReason, detail: string): Sw8ParseResult {
  return { ok: false, reason: reason, detail: detail };
}

function isBase64(field: string): boolean {
  if (!STANDARD_BASE64.test(field)) return false;
  const padding = field.length - field.replace(/=+$/, '').length;
  if (padding > 0) return field.length % 4 === 0;
  return field.length % 4 !== 1;
}

export function parseSw8(value: string | undefined | null, codec: Base64Codec): Sw8ParseResult {
  if (value === undefined || value === null || value === '') return invalid('missing', 'no sw8 value');
  if (typeof value !== 'string') return invalid('missing', 'sw8 is not a string');
  if (value.length > SW8_MAX_LENGTH) return invalid('tooLong', 'sw8 is ' + value.length + ' characters, the limit is ' + SW8_MAX_LENGTH);
  const fields = value.split('-');
  if (fields.length !== FIELD_COUNT) return invalid('wrongFieldCount', 'sw8 has ' + fields.length + ' fields, expected ' + FIELD_COUNT);
  for (let i = 0; i < FIELD_COUNT; i++) {
    if (fields[i] === '') return invalid('emptyField', 'field ' + (i + 1) + ' (' + FIELD_NAMES[i] + ') is empty');
  }
  if (!SPAN_ID.test(fields[3])) return invalid('badSpanId', 'parent span id "' + fields[3].slice(0, 16) + '" is not an integer >= 0');
  const decoded: string[] = [];
  for (let i = 1; i < FIELD_COUNT; i++) {
    if (i === 3) continue;
    const text = isBase64(fields[i]) ? codec.decode(fields[i]) : undefined;
    if (text === undefined) return invalid('badBase64', 'field ' + (i + 1) + ' (' + FIELD_NAMES[i] + ') is not standard base64');
    if (text === '') return invalid('emptyField', 'field ' + (i + 1) + ' (' + FIELD_NAMES[i] + ') decodes to nothing');
    // A non-Latin-1 or CR/LF trace id once crashed the edge emulator's http.request (issue 9).
    if (!(i <= 2 ? isIdText(text) : isPrintableAscii(text))) {
      return invalid(
        'notPrintable',
        'field ' + (i + 1) + ' (' + FIELD_NAMES[i] + ') decodes to characters outside printable ASCII' + (i <= 2 ? ' or to a space' : ''),
      );
    }
    decoded[i] = text;
  }
  return {
    ok: true,
    context: {
      sample: fields[0],
      traceId: decoded[1],
      parentSegmentId: decoded[2],
      parentSpanId: parseInt(fields[3], 10),
      parentService: decoded[4],
      parentServiceInstance: decoded[5],
      parentEndpoint: decoded[6],
      networkAddressUsedAtPeer: decoded[7],
    },
  };
}

export function formatSw8(context: Sw8Context, codec: Base64Codec): string {
  return [
    context.sample,
    codec.encode(context.traceId),
    codec.encode(context.parentSegmentId),
    String(context.parentSpanId),
    codec.encode(context.parentService),
    codec.encode(context.parentServiceInstance),
    codec.encode(context.parentEndpoint),
    codec.encode(context.networkAddressUsedAtPeer),
  ].join('-');
}
