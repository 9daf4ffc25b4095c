import { describe, expect, it } from 'vitest';
import { EtagCache } from './etag-cache.ts';

const bytes = (size: number) => new Uint8Array(size);

describe('EtagCache', () => {
  it('evicts least recently used entries once the byte budget is passed', () => {
    const cache = new EtagCache(1000);
    expect(cache.set('a', '"1"', bytes(200))).toBe(true);
    expect(cache.set('b', '"2"', bytes(200))).toBe(true);
    expect(cache.set('c', '"3"', bytes(200))).toBe(true);
    expect(cache.set('d', '"4"', bytes(200))).toBe(true);
    expect(cache.get('a')?.etag).toBe('"1"');
    // 200 × 5 = 1000 still fits; the sixth pushes out the least recently used, which is now "b".
    cache.set('e', '"5"', bytes(200));
    cache.set('f', '"6"', bytes(200));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd', 'e', 'f'].map((url) => cache.get(url)?.etag)).toEqual([
      '"1"',
      '"3"',
      '"4"',
      '"5"',
      '"6"',
    ]);
  });

  it('does not keep bodies larger than a quarter of the budget, and replaces an entry in place', () => {
    const cache = new EtagCache(1000);
    expect(cache.set('big', '"1"', bytes(251))).toBe(false);
    expect(cache.get('big')).toBeUndefined();
    cache.set('a', '"1"', bytes(250));
    cache.set('a', '"2"', bytes(250));
    cache.set('b', '"3"', bytes(250));
    cache.set('c', '"4"', bytes(250));
    cache.set('d', '"5"', bytes(250));
    expect(cache.get('a')?.etag).toBe('"2"');
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    expect(new EtagCache(0).set('x', '"1"', bytes(1))).toBe(false);
  });
});
