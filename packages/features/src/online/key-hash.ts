// The hash that places an entity in a shard (storage store) or bucket (Redis store). Both stores and the DuckDB
// engine (which groups rows by shard or bucket in SQL, see engine/duckdb/partitions.ts) compute it, so it is a
// layout: changing it means a new shard format version and a new Redis layout tag.
//
// A key made only of integers (every part `i<n>:<digits>`) is hashed by value, with a few multiplications that
// SQL computes in a handful of vector operations: per part, the low and the high 32-bit word of the value's
// 64-bit two's complement (its low 64 bits for wider integers) are folded into the state
// `h = ((h ^ word) * M) mod 2^32`, then `h ^ (h >>> 16)` is multiplied once more so the low bits (which a
// modulo keeps) depend on every bit. Other keys (strings, booleans, floats) are hashed by 32-bit FNV-1a over
// the UTF-16 code units of their encoding. Layout version 2; version 1 used FNV-1a for every key.

/** The initial state of the integer hash (FNV's offset basis). */
export const INT_HASH_SEED = 0x811c9dc5;
/** Multiplier after folding in a value's low word (odd, below 2^31 so SQL's BIGINT product cannot overflow). */
export const INT_HASH_LOW = 0x27d4eb2f;
/** Multiplier after folding in a value's high word (odd, below 2^31). */
export const INT_HASH_HIGH = 0x165667b1;
/** Multiplier of the final mix (odd, below 2^31). */
export const INT_HASH_FINAL = 0x2c1b3c6d;

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function fnvHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const TWO_32 = 4294967296;

/**
 * The hash of an encoded entity key (`encodeEntityKey`): by value when every part is an integer, else FNV-1a of
 * the encoding. Equal keys (`1` and `1n`) hash alike, as their encodings are equal.
 */
export function keyHash(key: string): number {
  const n = key.length;
  let h = INT_HASH_SEED;
  let at = 0;
  while (at < n) {
    // an integer part: `i`, its digits' length, `:`, the digits (read in place: this runs for every key a store
    // indexes or a materialization writes)
    if (key.charCodeAt(at) !== 105) return fnvHash(key);
    let length = 0;
    let i = at + 1;
    let code = key.charCodeAt(i);
    while (code >= 48 && code <= 57) {
      length = length * 10 + code - 48;
      code = key.charCodeAt(++i);
    }
    const start = i + 1;
    const end = start + length;
    if (code !== 58 || length === 0 || end > n) return fnvHash(key);
    let low: number;
    let high: number;
    if (length <= 15) {
      // below 10^15 in magnitude: exact as a double; `>>> 0` is the value modulo 2^32
      const negative = key.charCodeAt(start) === 45;
      let value = 0;
      for (let j = negative ? start + 1 : start; j < end; j++) value = value * 10 + key.charCodeAt(j) - 48;
      if (negative) value = -value;
      low = value >>> 0;
      high = Math.floor(value / TWO_32) >>> 0;
    } else {
      const words = BigInt.asUintN(64, BigInt(key.slice(start, end)));
      low = Number(words & 0xffffffffn);
      high = Number(words >> 32n);
    }
    h = Math.imul(h ^ low, INT_HASH_LOW) >>> 0;
    h = Math.imul(h ^ high, INT_HASH_HIGH) >>> 0;
    at = end;
  }
  if (at === 0) return fnvHash(key);
  return finalMix(h);
}

/** The last step of the integer hash. */
function finalMix(h: number): number {
  return Math.imul(h ^ (h >>> 16), INT_HASH_FINAL) >>> 0;
}
