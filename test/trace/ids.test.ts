import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mintId, mixEntropy } from '../../trace/ids';

/** Go's math/rand seeded the same way on two gateways: the same sequence. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('id minting', () => {
  test('ids are 32 lowercase hex characters', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 200; i++) assert.match(mintId(random, mixEntropy([], `request ${i}`), 1), /^[0-9a-f]{32}$/);
  });

  test('two gateways with the same random seed mint different ids when the entropy differs', () => {
    const a = mintId(seededRandom(42), mixEntropy([1764072000000], 'tyk-a|api|POST:/inference/x'), 1);
    const b = mintId(seededRandom(42), mixEntropy([1764072000000], 'tyk-b|api|POST:/inference/x'), 1);
    assert.notEqual(a, b);
  });

  test('the same random sequence and the same entropy give the same id (the mixing is deterministic)', () => {
    assert.equal(mintId(seededRandom(7), mixEntropy([], 'same'), 1), mintId(seededRandom(7), mixEntropy([], 'same'), 1));
  });

  test('trace and segment ids from the same entropy and draws differ (salt)', () => {
    assert.notEqual(mintId(seededRandom(7), mixEntropy([], 'same'), 1), mintId(seededRandom(7), mixEntropy([], 'same'), 2));
  });

  test('no collisions over 20,000 ids from one unseeded-like sequence with a changing clock', () => {
    const random = seededRandom(0);
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) seen.add(mintId(random, mixEntropy([1764072000000 + (i >> 4)], ''), 2));
    assert.equal(seen.size, 20000);
  });

  test('the entropy digest separates what differs between gateways and requests', () => {
    const variants = [
      ['tyk-1', 'inference-api', 'POST:/inference/api/v1/classify', 'curl/8.5.0'],
      ['tyk-2', 'inference-api', 'POST:/inference/api/v1/classify', 'curl/8.5.0'],
      ['tyk-1', 'other-api', 'POST:/inference/api/v1/classify', 'curl/8.5.0'],
      ['tyk-1', 'inference-api', 'POST:/inference/api/v1/predict', 'curl/8.5.0'],
      ['tyk-1', 'inference-api', 'POST:/inference/api/v1/classify', 'curl/8.6.0'],
    ];
    const digests = variants.map((parts) => mixEntropy([1764072000000], parts.join('|')));
    assert.equal(new Set(digests).size, variants.length);
    assert.notEqual(mixEntropy([1764072000000], ''), mixEntropy([1764072000001], ''), 'one millisecond apart');
    assert.notEqual(mixEntropy([1764072000000 * 4096 + 1], ''), mixEntropy([1764072000000 * 4096 + 2], ''), 'load nonces differing in the random low bits');
    assert.notEqual(mixEntropy([1764072000000 * 4096], ''), mixEntropy([1764072000001 * 4096], ''), 'load nonces differing in the high bits');
  });

  test('texts: letters and digits and the length count; case and punctuation do not', () => {
    assert.notEqual(mixEntropy([], 'gateway-a'), mixEntropy([], 'gateway-b'));
    assert.notEqual(mixEntropy([], 'a'.repeat(80)), mixEntropy([], 'a'.repeat(79) + 'b'), 'last of the first 80');
    assert.notEqual(mixEntropy([], 'a'.repeat(100)), mixEntropy([], 'a'.repeat(101)), 'lengths differ');
    assert.equal(mixEntropy([], 'Tyk-1'), mixEntropy([], 'tyk_1'));
    assert.equal(mixEntropy([1.75], ''), mixEntropy([1.25], ''), 'fractions are dropped');
  });
});
