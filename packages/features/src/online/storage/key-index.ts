import { keyHash } from '../key-hash.ts';

/**
 * An open-addressing hash index from encoded entity keys to rows: two typed arrays, no per-key allocation, so
 * indexing a shard of 15k rows costs a few hundred microseconds and a lookup one or two probes.
 */
export interface KeyIndex {
  /** Hash of each indexed row's key ({@link keyHash}). */
  readonly hashes: Uint32Array;
  /** Row of `key` (whose {@link keyHash} is `hash`), or -1. */
  find(keys: readonly string[], key: string, hash: number): number;
  /** Adds `row` for a key known to be absent. */
  add(row: number, hash: number): void;
}

/** Remixes a key hash for the table: every key of a shard shares the low bits that chose the shard. */
function slotHash(hash: number): number {
  let h = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/** An empty index with room for `capacity` keys (the table is at least twice as large, a power of two). */
export function keyIndex(capacity: number): KeyIndex {
  let size = 16;
  while (size < capacity * 2) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const hashes = new Uint32Array(Math.max(capacity, 1));
  return {
    hashes,
    find(keys, key, hash) {
      for (let slot = slotHash(hash) & mask; ; slot = (slot + 1) & mask) {
        const row = table[slot]!;
        if (row < 0) return -1;
        if (hashes[row] === hash && keys[row] === key) return row;
      }
    },
    add(row, hash) {
      hashes[row] = hash;
      let slot = slotHash(hash) & mask;
      while (table[slot]! >= 0) slot = (slot + 1) & mask;
      table[slot] = row;
    },
  };
}

/** The index of `keys` (distinct), built in one pass. */
export function indexKeys(keys: readonly string[]): KeyIndex {
  const index = keyIndex(keys.length);
  for (let row = 0; row < keys.length; row++) index.add(row, keyHash(keys[row]!));
  return index;
}
