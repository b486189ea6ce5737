/**
 * Trace and segment ids: 32 lowercase hex, like the Node agent's (a uuid v4 without hyphens, also a
 * valid W3C trace id).
 *
 * Why not Math.random alone: in Tyk's otto it is Go's shared math/rand, which Tyk (Go <= 1.23 builds)
 * reseeds from the current second, and an unseeded Go 1.19 repeats the same sequence. Two gateways
 * started in the same second would mint the same ids. So every id adds an entropy value made of what
 * differs between gateways and requests (time in ms, a load-time nonce, instance, API id, request
 * data) to the random words: two gateways with the same random sequence and different entropy mint
 * different ids. Not cryptographic, and it need not be: ids must be unique, not secret.
 *
 * Written for otto's cost model: every JavaScript operation costs about a microsecond there and a
 * loop over a string's characters several per character (a 160-character FNV hash measured
 * 0.8–2.5 ms per request), while native calls (regex replace, slice, parseInt, toString) are cheap.
 * So texts are read 10 characters at a time by parseInt in base 36, and an id takes three
 * Math.random draws of up to 52 bits each, not eight of 32. ES5-safe; no Math.imul (otto lacks it).
 */

const TWO_TO_32 = 4294967296;
const TWO_TO_52 = 4503599627370496;
const NON_ALPHANUMERIC = /[^0-9A-Za-z]+/g;
/** 36^10 < 2^53: ten base-36 digits parse exactly. */
const WINDOW = 10;
/** The text is read up to this many letters and digits; the rest adds cost, not separation. */
const MAX_TEXT_CHARS = 80;

/**
 * Folds integers (all 53 bits; fractions are dropped) and one text (its first 80 letters and digits,
 * case ignored, plus its length) into a 32-bit entropy value for mintId. A polynomial hash
 * (×31 + value, mod 2^32; exact in doubles), written inline: a function call costs otto more than
 * the arithmetic.
 */
export function mixEntropy(integers: readonly number[], text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < integers.length; i++) {
    const value = integers[i];
    hash = (hash * 31 + (Math.floor(value) % TWO_TO_32)) % TWO_TO_32;
    hash = (hash * 31 + (Math.floor(value / TWO_TO_32) % TWO_TO_32)) % TWO_TO_32;
  }
  hash = (hash * 31 + text.length) % TWO_TO_32;
  const alphanumeric = text.replace(NON_ALPHANUMERIC, '');
  for (let at = 0; at < alphanumeric.length && at < MAX_TEXT_CHARS; at += WINDOW) {
    hash = (hash * 31 + ((parseInt(alphanumeric.slice(at, at + WINDOW), 36) || 0) % TWO_TO_32)) % TWO_TO_32;
  }
  return hash;
}

const SIXTEEN_TO_6 = 16777216;
const ZEROS = '0000000000000';

/**
 * Mints one id: 13 + 13 + 6 hex digits, each group (a random integer + an entropy offset) wrapped to
 * its width. `salt` tells apart the ids minted from the same entropy in one request (trace vs
 * segment). `random` is Math.random in production; tests pass a seeded one. toString(16) of an
 * integer is exact in otto (only fractions are dropped).
 */
export function mintId(random: () => number, entropy: number, salt: number): string {
  const offset = entropy * 1024 + salt;
  const a = ((Math.floor(random() * TWO_TO_52) + offset) % TWO_TO_52).toString(16);
  const b = ((Math.floor(random() * TWO_TO_52) + ((offset * 7) % TWO_TO_52)) % TWO_TO_52).toString(16);
  const c = ((Math.floor(random() * SIXTEEN_TO_6) + entropy) % SIXTEEN_TO_6).toString(16);
  return ZEROS.slice(a.length) + a + ZEROS.slice(b.length) + b + ZEROS.slice(7 + c.length) + c;
}
