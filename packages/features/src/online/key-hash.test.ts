import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, integerKeyHash } from '../../test/key-hash-oracle.ts';
import { encodeEntityKey } from './entity-key.ts';
import { fnvHash, keyHash } from './key-hash.ts';

const hashOf = (...key: (string | number | bigint | boolean)[]) => keyHash(encodeEntityKey(key)!);

describe('keyHash', () => {
  it('hashes keys that are not all integers by FNV-1a of their encoding (published test vectors)', () => {
    // FNV-1a 32: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968
    expect(fnvHash('')).toBe(0x811c9dc5);
    expect(fnvHash('a')).toBe(0xe40c292c);
    expect(fnvHash('foobar')).toBe(0xbf9cf968);
    expect(keyHash('')).toBe(0x811c9dc5);
    expect(hashOf('c1')).toBe(fnv1a('s2:c1'));
    expect(hashOf('c1', 11)).toBe(fnv1a('s2:c1i2:11'));
    expect(hashOf(1.5)).toBe(fnv1a('f3:1.5'));
    expect(hashOf(true)).toBe(fnv1a('b1:1'));
    expect(hashOf(11, 'c1')).toBe(fnv1a('i2:11s2:c1'));
  });

  it('hashes integer keys by value, as the oracle does, for every size and sign', () => {
    for (const value of [0, 1, -1, 7, -100, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53 - 1, -(2 ** 53 - 1)]) {
      expect(hashOf(value)).toBe(integerKeyHash([value]));
    }
    for (const value of [
      2n ** 53n + 1n,
      2n ** 63n - 1n,
      -(2n ** 63n),
      2n ** 64n - 1n,
      10n ** 30n,
      -(10n ** 38n),
    ]) {
      expect(hashOf(value)).toBe(integerKeyHash([value]));
    }
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 127n), max: 2n ** 128n - 1n }), { minLength: 1, maxLength: 3 }),
        (values) => {
          expect(keyHash(encodeEntityKey(values)!)).toBe(integerKeyHash(values));
        },
      ),
    );
  });

  it('hashes a key alike whichever JS type spells its integers, and two orders of a pair apart', () => {
    expect(hashOf(1)).toBe(hashOf(1n));
    expect(hashOf(2 ** 40, -3)).toBe(hashOf(2n ** 40n, -3n));
    expect(hashOf(1, 2)).not.toBe(hashOf(2, 1));
    // the high word counts: values 2^32 apart differ
    expect(hashOf(5)).not.toBe(hashOf(5 + 2 ** 32));
  });

  it('spreads sequential and strided ids evenly over buckets and shards', () => {
    const patterns: [string, (i: number) => number | bigint][] = [
      ['sequential', (i) => i],
      ['negative', (i) => -i],
      ['stride 1000', (i) => i * 1000],
      ['stride 2^16', (i) => i * 65536],
      ['stride 2^32', (i) => BigInt(i) << 32n],
    ];
    const keys = 50_000;
    for (const [name, id] of patterns) {
      for (const buckets of [7, 8, 61, 1024, 65536]) {
        const load = new Uint32Array(buckets);
        for (let i = 0; i < keys; i++) load[hashOf(id(i)) % buckets]!++;
        const mean = keys / buckets;
        const max = Math.max(...load);
        // a uniform spread stays within mean + 6 standard deviations (+3 for tiny means)
        expect({ name, buckets, over: max > mean + 6 * Math.sqrt(mean) + 3 }).toEqual({
          name,
          buckets,
          over: false,
        });
        if (mean >= 20)
          expect({ name, buckets, empty: load.includes(0) }).toEqual({ name, buckets, empty: false });
      }
    }
  });
});
