/**
 * Trace and segment ids: 32 lowercase hex, like the Node agent's (a uuid v4 without hyphens, also a
 * valid W3C trace id).
 *
 * Why not Math.random alone: in Tyk's otto it is Go's shared math/rand, which Tyk (Go <= 1.23 builds)
 * reseeds from the current second, and an unseeded Go 1.19 repeats the same sequence. Two gateways
 * started in the same second would mint the same ids. So every id mixes a hash of what differs between
 * gateways and requests (time in ms, a load-time nonce, instance, API id, request data) into the
 * random words. Not cryptographic, and it need not be: ids must be unique, not secret.
 *
 * ES5-safe and cheap in otto (~1.7 µs per loop iteration there): no Math.imul, short entropy strings.
 */

/** Entropy beyond this many characters costs otto time and adds little: the cheap, varying parts come first. */
export const MAX_ENTROPY_CHARS = 160;

/** 32-bit FNV-1a, with the prime multiply written as shifts (otto has no Math.imul). */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  const length = text.length < MAX_ENTROPY_CHARS ? text.length : MAX_ENTROPY_CHARS;
  for (let i = 0; i < length; i++) {
    hash ^= text.charCodeAt(i);
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/** A bijective 32-bit scramble (xorshift rounds) so that nearby inputs give unrelated words. */
function scramble(value: number): number {
  let x = value | 0;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

function hex8(word: number): string {
  // toString(16) of an integer is exact in otto (only fractions are dropped).
  const text = (word >>> 0).toString(16);
  return '00000000'.slice(text.length) + text;
}

/**
 * Mints one id. `salt` tells apart the ids minted from the same entropy in one call (trace vs segment).
 * `random` is Math.random in production; tests pass a seeded one.
 */
export function mintId(random: () => number, entropyHash: number, salt: number): string {
  let id = '';
  for (let word = 0; word < 4; word++) {
    const randomWord = Math.floor(random() * 4294967296) >>> 0;
    const mixed = scramble((entropyHash ^ scramble((salt * 4 + word + 1) * 0x9e3779b1)) >>> 0);
    id += hex8((randomWord ^ mixed) >>> 0);
  }
  return id;
}
