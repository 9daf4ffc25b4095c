import { describe, expect, it } from 'vitest';
import { sortedKeyIndex } from './sorted-keys.ts';

describe('sortedKeyIndex', () => {
  it('lists exactly the present keys in order, whether changes are folded by splicing or by merging', () => {
    let state = 7;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const present = new Set<string>();
    const index = sortedKeyIndex((key) => present.has(key));
    for (let round = 0; round < 300; round++) {
      // Alternate small batches (splice path) and large ones (merge path), re-adding and deleting the same keys.
      const changes = round % 3 === 0 ? 200 : 1 + random(20);
      for (let change = 0; change < changes; change++) {
        const key = `k/${random(500).toString().padStart(3, '0')}`;
        if (present.has(key)) {
          present.delete(key);
          index.deleted(key);
        } else {
          present.add(key);
          index.added(key);
        }
      }
      expect(index.keys()).toEqual([...present].sort());
    }
  });
});
