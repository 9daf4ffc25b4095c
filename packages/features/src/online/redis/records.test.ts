import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, integerKeyHash } from '../../../test/key-hash-oracle.ts';
import { bucketOf, FIELD, findRow, RECORD, recordKey } from './records.ts';

const needle = (key: string) => `${RECORD}${recordKey(key)}${FIELD}`;
const record = (key: string, row: string, expiry?: number) =>
  `${RECORD}${recordKey(key)}${FIELD}${row}${expiry === undefined ? '' : `${FIELD}${expiry}`}`;

describe('bucket records', () => {
  it('escapes exactly the three separator characters, by hand', () => {
    expect(recordKey('i1:1')).toBe('i1:1');
    expect(recordKey('s3:a\x1eb')).toBe('s3:a\x1d1b');
    expect(recordKey('\x1d\x1e\x1f')).toBe('\x1d0\x1d1\x1d2');
    expect(recordKey('\x1d0')).toBe('\x1d00');
  });

  it('never maps two keys to one record key, nor lets an escaped key hold a separator', () => {
    const alphabet = fc.constantFrom('a', '0', '\x1d', '\x1e', '\x1f', 'é');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 8 }),
        fc.string({ unit: alphabet, maxLength: 8 }),
        (a, b) => {
          expect(recordKey(a).includes(RECORD) || recordKey(a).includes(FIELD)).toBe(false);
          if (a !== b) expect(recordKey(a)).not.toBe(recordKey(b));
        },
      ),
    );
  });

  it('picks the bucket by the key hash modulo the bucket count', () => {
    expect(bucketOf('i1:1', 2 ** 32)).toBe(integerKeyHash([1]));
    expect(bucketOf('i4:1001', 61)).toBe(integerKeyHash([1001]) % 61);
    expect(bucketOf('s6:foobar', 1000)).toBe(fnv1a('s6:foobar') % 1000);
  });

  it('finds a row in a bucket string or its UTF-8 bytes, whatever records surround it', () => {
    const blob =
      record('i1:1', '10;;{"x":"n1"}') +
      record('i2:11', '20;5;{"x":"sé ✓"}') +
      record('s1:\x1e', '30;;{"x":"t"}') +
      record('i1:2', '40;;{"x":"z"}');
    for (const form of [blob, Buffer.from(blob, 'utf8')]) {
      expect(findRow(form, needle('i1:1'), 0)).toBe('10;;{"x":"n1"}');
      expect(findRow(form, needle('i2:11'), 0)).toBe('20;5;{"x":"sé ✓"}');
      expect(findRow(form, needle('s1:\x1e'), 0)).toBe('30;;{"x":"t"}');
      expect(findRow(form, needle('i1:2'), 0)).toBe('40;;{"x":"z"}');
      // a key that is a prefix of another's, or one not stored
      expect(findRow(form, needle('i1:'), 0)).toBeUndefined();
      expect(findRow(form, needle('i2:1'), 0)).toBeUndefined();
    }
  });

  it('hides a record whose expiry is at or before now, and keeps one expiring later', () => {
    const blob = record('i1:1', '10;;{}', 1000) + record('i1:2', '20;;{}', 1001);
    for (const form of [blob, Buffer.from(blob)]) {
      expect(findRow(form, needle('i1:1'), 1000)).toBeUndefined();
      expect(findRow(form, needle('i1:2'), 1000)).toBe('20;;{}');
      expect(findRow(form, needle('i1:2'), 1001)).toBeUndefined();
    }
  });

  it('refuses a reply that is neither a string nor bytes', () => {
    expect(() => findRow(42 as unknown as string, needle('i1:1'), 0)).toThrow(/not a bucket/);
  });
});
