// The key hash of layout version 2 (src/online/key-hash.ts), written out again from its definition in BigInt
// arithmetic, as the oracle the tests compare the JS and SQL implementations against.

const M = 2n ** 32n;

/** The hash of an entity key made of integers: each value's 64-bit two's complement words, folded in turn. */
export function integerKeyHash(values: readonly (number | bigint)[]): number {
  let h = 0x811c9dc5n;
  for (const value of values) {
    const words = BigInt.asUintN(64, BigInt(value));
    h = ((h ^ (words % M)) * 0x27d4eb2fn) % M;
    h = ((h ^ (words / M)) * 0x165667b1n) % M;
  }
  return Number(((h ^ (h >> 16n)) * 0x2c1b3c6dn) % M);
}

/** 32-bit FNV-1a over UTF-16 code units: the hash of every other key's encoding. */
export function fnv1a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash = (hash ^ text.charCodeAt(i)) >>> 0;
    hash = Number((BigInt(hash) * 16777619n) % M);
  }
  return hash;
}
