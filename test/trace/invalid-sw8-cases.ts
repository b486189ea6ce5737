/**
 * Named invalid sw8 values, built from a valid one: the Node unit test of the parser and the
 * real-otto test of the pre hook run the same table.
 */
import type { Sw8InvalidReason } from '../../trace/sw8';

export interface InvalidSw8Case {
  name: string;
  value: string;
  reason: Sw8InvalidReason;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function invalidSw8Cases(valid: string): InvalidSw8Case[] {
  const fields = valid.split('-');
  const withField = (index: number, value: string): string => fields.map((field, i) => (i === index ? value : field)).join('-');
  return [
    { name: 'sevenFields', value: fields.slice(0, 7).join('-'), reason: 'wrongFieldCount' },
    { name: 'nineFields', value: valid + '-' + b64('extra'), reason: 'wrongFieldCount' },
    { name: 'urlSafeBase64WithDash', value: withField(4, 'a-b'), reason: 'wrongFieldCount' },
    { name: 'urlSafeBase64WithUnderscore', value: withField(1, 'ab_c'), reason: 'badBase64' },
    { name: 'badBase64', value: withField(2, '%%%%'), reason: 'badBase64' },
    { name: 'impossibleBase64Length', value: withField(1, 'abcde'), reason: 'badBase64' },
    { name: 'misplacedPadding', value: withField(1, 'ab=c'), reason: 'badBase64' },
    { name: 'emptyField', value: withField(5, ''), reason: 'emptyField' },
    { name: 'emptySample', value: withField(0, ''), reason: 'emptyField' },
    // The '-' of a negative number is also the field separator, so it surfaces as a ninth field.
    { name: 'negativeSpanId', value: withField(3, '-1'), reason: 'wrongFieldCount' },
    { name: 'nonNumericSpanId', value: withField(3, 'x'), reason: 'badSpanId' },
    { name: 'fractionalSpanId', value: withField(3, '1.5'), reason: 'badSpanId' },
    { name: 'over2KB', value: withField(6, b64('GET:/' + 'a'.repeat(2000))), reason: 'tooLong' },
    { name: 'threeKB', value: withField(6, b64('x'.repeat(3000))), reason: 'tooLong' },
    // Issue 9: fields that could not be echoed in a header, logged or stored.
    { name: 'nonAsciiTraceId', value: withField(1, b64('trace-日本-1')), reason: 'notPrintable' },
    { name: 'crlfInTraceId', value: withField(1, b64('abc\r\nx-injected: 1')), reason: 'notPrintable' },
    { name: 'spaceInSegmentId', value: withField(2, b64('seg ment')), reason: 'notPrintable' },
    { name: 'latin1Service', value: withField(4, b64('gätewäy')), reason: 'notPrintable' },
    { name: 'controlCharInEndpoint', value: withField(6, b64('GET:/a\u0000b')), reason: 'notPrintable' },
    { name: 'nonUtf8Peer', value: withField(7, Buffer.from([0x62, 0xff, 0x66]).toString('base64')), reason: 'notPrintable' },
  ];
}
