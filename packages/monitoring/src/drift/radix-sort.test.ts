import { describe, expect, it } from 'vitest';
import { radixSortFloat64 } from './radix-sort.ts';

describe('radixSortFloat64', () => {
  it('sorts like Float64Array.prototype.sort, negatives, zeros, huge and tiny values included', () => {
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const values = Float64Array.from({ length: 120_000 }, (_, index) => {
      const kind = index % 5;
      if (kind === 0) return (random() - 0.5) * 1e300;
      if (kind === 1) return (random() - 0.5) * 1e-300;
      if (kind === 2) return Math.floor(random() * 10) - 5;
      return (random() - 0.5) * 1000;
    });
    const expected = values.slice().sort();
    expect(Array.from(radixSortFloat64(values))).toEqual(Array.from(expected));
  });
});
