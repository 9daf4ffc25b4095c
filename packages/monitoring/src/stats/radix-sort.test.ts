import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortFloat64, sortFloat64Copy } from './radix-sort.ts';

/** The reference: the engine's own typed-array sort (−0 before +0, NaN last). */
function expected(values: Float64Array): Float64Array {
  return values.slice().sort();
}

/** Index of the first difference by Object.is (−0 ≠ +0, NaN = NaN), or −1. */
function firstDifference(actual: Float64Array, wanted: Float64Array): number {
  if (actual.length !== wanted.length) return 0;
  for (let index = 0; index < actual.length; index++) {
    if (!Object.is(actual[index], wanted[index])) return index;
  }
  return -1;
}

function checkBoth(values: Float64Array): void {
  const wanted = expected(values);
  const before = values.slice();
  const copy = sortFloat64Copy(values);
  expect(firstDifference(values, before), 'sortFloat64Copy left its input alone').toBe(-1);
  expect(firstDifference(copy, wanted), `sortFloat64Copy of ${values.length} values`).toBe(-1);
  expect(firstDifference(radixSortFloat64(values), wanted), `radixSortFloat64 of ${values.length}`).toBe(-1);
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const extremes = [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1022];

describe('radixSortFloat64 / sortFloat64Copy order exactly as Float64Array.prototype.sort', () => {
  // Thresholds of the implementation: 1024 values (below: the engine's sort), buckets of 32 (insertion sort
  // up to that), 4 levels of bucketing, 65,536 buckets (reached from 262,144 values).
  const sizes = [0, 1, 2, 31, 32, 33, 1023, 1024, 1025, 2047, 4096, 4097, 70_000, 262_144, 262_145];

  it.each(sizes)('normal-ish values with duplicates, zeros of both signs: %i values', (n) => {
    const random = lcg(n + 1);
    const values = Float64Array.from({ length: n }, (_, index) => {
      const kind = index % 7;
      if (kind === 0) return Math.round(random() * 20) - 10;
      if (kind === 1) return index % 14 === 1 ? -0 : 0;
      return Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    });
    checkBoth(values);
  });

  it.each(sizes.filter((n) => n > 0))('with NaN and ±Infinity mixed in: %i values', (n) => {
    const random = lcg(n + 7);
    const values = Float64Array.from({ length: n }, (_, index) =>
      index % 97 === 5 ? specials[index % specials.length]! : (random() - 0.5) * 1e3,
    );
    values[n - 1] = Number.NaN;
    checkBoth(values);
  });

  it('skewed and outlying data: crowded buckets sorted level by level, and the fallback', () => {
    const random = lcg(99);
    const cases: Array<[string, Float64Array]> = [
      // One huge outlier: every other value lands in the first bucket, sorted one level down.
      ['one outlier', Float64Array.from({ length: 50_000 }, (_, i) => (i === 17 ? 1e300 : random()))],
      // Powers of two: each level peels off the top few; deeper than 4 levels, the engine's sort takes over.
      ['powers of two', Float64Array.from({ length: 60_000 }, (_, i) => 2 ** (((i * 7919) % 2000) - 1000))],
      ['lognormal', Float64Array.from({ length: 80_000 }, () => Math.exp(8 * (random() - 0.5) ** 3 * 40))],
      // Range at the ends of the double range (halves keep max − min finite) and among subnormals.
      ['extremes', Float64Array.from({ length: 5000 }, (_, i) => extremes[i % 5]! * (1 - random() * 0.5))],
      ['subnormals', Float64Array.from({ length: 5000 }, (_, i) => Number.MIN_VALUE * (i % 37))],
      ['two values', Float64Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 1 : 1 + 2 ** -52))],
      ['all equal', new Float64Array(5000).fill(3.5)],
      ['zeros of both signs only', Float64Array.from({ length: 5000 }, (_, i) => (i % 3 ? 0 : -0))],
      ['sorted', Float64Array.from({ length: 5000 }, (_, i) => i - 2500)],
      ['reversed', Float64Array.from({ length: 5000 }, (_, i) => 2500 - i)],
      ['few distinct, many copies', Float64Array.from({ length: 100_000 }, (_, i) => (i * 31) % 40)],
    ];
    for (const [, values] of cases) checkBoth(values);
  });

  it('property: random arrays of doubles, specials and duplicates (fast-check, seeded)', () => {
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.double() },
      { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(...specials, ...extremes) },
      { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 0, maxLength: 3000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3 }),
        (list, finiteOnly, repeat) => {
          const base = finiteOnly ? list.filter((x) => Number.isFinite(x)) : list;
          // Repeating the list gives duplicates and sizes across the 1024-value threshold.
          const values = Float64Array.from(Array.from({ length: repeat }, () => base).flat());
          checkBoth(values);
        },
      ),
      { seed: 20261202, numRuns: 150 },
    );
  });
});
