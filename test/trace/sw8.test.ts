import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContextCarrier } from 'skywalking-backend-js/lib/trace/context/ContextCarrier';
import { nodeBase64 } from '../../trace/platform/node-base64';
import { formatSw8, parseSw8, type Sw8Context, type Sw8InvalidReason } from '../../trace/sw8';
import { invalidSw8Cases } from './invalid-sw8-cases';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const context: Sw8Context = {
  sample: '1',
  traceId: '0123456789abcdef0123456789abcdef',
  parentSegmentId: 'fedcba9876543210fedcba9876543210',
  parentSpanId: 1,
  parentService: 'tyk-gateway',
  parentServiceInstance: 'tyk-eu-1',
  parentEndpoint: 'POST:/inference/api/v1/classify',
  networkAddressUsedAtPeer: 'bff:3000',
};
const valid = formatSw8(context, nodeBase64);
const fields = valid.split('-');
const withField = (index: number, value: string): string => fields.map((field, i) => (i === index ? value : field)).join('-');

describe('sw8 format', () => {
  test('encodes every string field as standard base64, span id plain', () => {
    assert.equal(
      valid,
      [
        '1',
        b64(context.traceId),
        b64(context.parentSegmentId),
        '1',
        b64('tyk-gateway'),
        b64('tyk-eu-1'),
        b64('POST:/inference/api/v1/classify'),
        b64('bff:3000'),
      ].join('-'),
    );
  });

  test('round-trips through the parser, every printable ASCII character included', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    const wide = { ...context, parentService: printable, parentEndpoint: 'GET:/a b', networkAddressUsedAtPeer: printable };
    const parsed = parseSw8(formatSw8(wide, nodeBase64), nodeBase64);
    assert.deepEqual(parsed, { ok: true, context: wide });
  });

  test('the real Node agent accepts what we format, field for field', () => {
    const carrier = ContextCarrier.from({ sw8: valid });
    assert.ok(carrier, 'the agent found no sw8');
    assert.equal(carrier.isValid(), true);
    assert.equal(carrier.traceId?.toString(), context.traceId);
    assert.equal(carrier.segmentId?.toString(), context.parentSegmentId);
    assert.equal(carrier.spanId, 1);
    assert.equal(carrier.service, context.parentService);
    assert.equal(carrier.serviceInstance, context.parentServiceInstance);
    assert.equal(carrier.endpoint, context.parentEndpoint);
    assert.equal(carrier.clientAddress, context.networkAddressUsedAtPeer);
  });
});

describe('sw8 parse: each invalid input is named and refused with its reason', () => {
  const cases: { name: string; value: string | undefined; reason: Sw8InvalidReason }[] = [
    { name: 'absent', value: undefined, reason: 'missing' },
    { name: 'empty', value: '', reason: 'missing' },
    ...invalidSw8Cases(valid),
  ];
  for (const { name, value, reason } of cases) {
    test(name, () => {
      const parsed = parseSw8(value, nodeBase64);
      assert.equal(parsed.ok, false, `${name} was accepted`);
      if (!parsed.ok) {
        assert.equal(parsed.reason, reason);
        assert.ok(parsed.detail.length > 0);
      }
    });
  }

  test('unpadded standard base64 is accepted, as Tyk b64dec and the agents decode it', () => {
    const unpadded = b64('ab').replace(/=+$/, '');
    assert.equal(unpadded, 'YWI');
    assert.deepEqual(parseSw8(withField(4, unpadded), nodeBase64), { ok: true, context: { ...context, parentService: 'ab' } });
  });

  test('a value just under 2 KB is accepted', () => {
    const endpoint = 'GET:/' + 'p'.repeat(1200);
    const value = formatSw8({ ...context, parentEndpoint: endpoint }, nodeBase64);
    assert.ok(value.length > 1700 && value.length <= 2047, `length ${value.length}`);
    assert.equal(parseSw8(value, nodeBase64).ok, true);
  });
});
