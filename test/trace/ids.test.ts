import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashText, mintId } from '../../trace/ids';

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
    for (let i = 0; i < 200; i++) assert.match(mintId(random, hashText(`request ${i}`), 1), /^[0-9a-f]{32}$/);
  });

  test('two gateways with the same random seed mint different ids when the entropy differs', () => {
    const a = mintId(seededRandom(42), hashText('1764072000000|tyk-a|api|POST:/inference/x'), 1);
    const b = mintId(seededRandom(42), hashText('1764072000000|tyk-b|api|POST:/inference/x'), 1);
    assert.notEqual(a, b);
  });

  test('the same random sequence and the same entropy give the same id (the mixing is deterministic)', () => {
    assert.equal(mintId(seededRandom(7), hashText('same'), 1), mintId(seededRandom(7), hashText('same'), 1));
  });

  test('trace and segment ids from the same entropy and draws differ (salt)', () => {
    assert.notEqual(mintId(seededRandom(7), hashText('same'), 1), mintId(seededRandom(7), hashText('same'), 2));
  });

  test('no collisions over 20,000 ids from one unseeded-like sequence with a changing clock', () => {
    const random = seededRandom(0);
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) seen.add(mintId(random, hashText(String(1764072000000 + (i >> 4))), 2));
    assert.equal(seen.size, 20000);
  });

  test('hashText matches 32-bit FNV-1a', () => {
    // Reference values of FNV-1a 32: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    assert.equal(hashText(''), 0x811c9dc5);
    assert.equal(hashText('a'), 0xe40c292c);
    assert.equal(hashText('foobar'), 0xbf9cf968);
  });
});
