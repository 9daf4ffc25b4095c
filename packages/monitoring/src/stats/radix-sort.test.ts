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

  it('puts infinities and NaN at the ends, so a caller can validate by looking at the first and last value', () => {
    const values = new Float64Array(10_000);
    for (let index = 0; index < values.length; index++) values[index] = Math.sin(index) * 100;
    values[17] = Number.POSITIVE_INFINITY;
    values[4000] = Number.NEGATIVE_INFINITY;
    values[9000] = Number.NaN;
    const negativeNaN = new Float64Array(1);
    new Uint32Array(negativeNaN.buffer)[1] = 0xfff80000;
    values[123] = negativeNaN[0]!;
    const sorted = radixSortFloat64(values);
    expect(Number.isNaN(sorted[0])).toBe(true);
    expect(sorted[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(sorted[sorted.length - 2]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(sorted[sorted.length - 1])).toBe(true);
    for (let index = 2; index < sorted.length - 2; index++)
      expect(sorted[index]).toBeGreaterThanOrEqual(sorted[index - 1]!);
  });
});
