import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EcdfExtremes, ecdfExtremes, ecdfExtremesUnsorted } from './ecdf-extremes.ts';

/** A second, plain implementation: scipy's definition evaluated point by point (quadratic; small inputs only). */
function byDefinition(data1: Float64Array, data2: Float64Array): EcdfExtremes {
  const a = data1.slice().sort();
  const b = data2.slice().sort();
  const countAtMost = (sorted: Float64Array, x: number) => sorted.filter((value) => value <= x).length;
  const pooled = [...a, ...b];
  const diffs = pooled.map((x) => countAtMost(a, x) / a.length - countAtMost(b, x) / b.length);
  let maxAt = 0;
  let minAt = 0;
  diffs.forEach((diff, index) => {
    if (diff > diffs[maxAt]!) maxAt = index;
    if (diff < diffs[minAt]!) minAt = index;
  });
  return { max: diffs[maxAt]!, maxAt: pooled[maxAt]!, min: diffs[minAt]!, minAt: pooled[minAt]! };
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** The unsorted path against the merge of the sorted samples: the same numbers (zeros of either sign alike). */
function expectSame(data1: Float64Array, data2: Float64Array): void {
  const before = [data1.slice(), data2.slice()];
  const got = ecdfExtremesUnsorted(data1, data2);
  const wanted = ecdfExtremes(data1.slice().sort(), data2.slice().sort());
  expect(got.max).toBe(wanted.max);
  expect(got.min).toBe(wanted.min);
  expect(got.maxAt === wanted.maxAt, `maxAt ${got.maxAt} vs ${wanted.maxAt}`).toBe(true);
  expect(got.minAt === wanted.minAt, `minAt ${got.minAt} vs ${wanted.minAt}`).toBe(true);
  expect([data1, data2]).toEqual(before);
}

describe('ecdfExtremes', () => {
  it('agrees with the definition evaluated point by point, ties included', () => {
    const random = lcg(5);
    for (let trial = 0; trial < 40; trial++) {
      const a = Float64Array.from({ length: 1 + (trial % 13) * 7 }, () => Math.round(random() * 8));
      const b = Float64Array.from({ length: 1 + (trial % 11) * 9 }, () => Math.round(random() * 8 + 1));
      const wanted = byDefinition(a, b);
      expect(ecdfExtremes(a.slice().sort(), b.slice().sort())).toEqual(wanted);
      expect(ecdfExtremesUnsorted(a, b)).toEqual(wanted);
    }
  });
});

describe('ecdfExtremesUnsorted gives exactly the merge of the sorted samples', () => {
  // Thresholds: 512 values in a range (below: sorted and walked), buckets = total / 8 from 16 to 65,536, six
  // levels of bucketing.
  it.each([
    [300, 213],
    [400, 113],
    [400, 112],
    [1000, 1000],
    [5000, 3],
    [3, 5000],
    [70_000, 50_000],
    [300_000, 300_000],
  ])('normal samples, %i vs %i values, no shift and shifted', (n1, n2) => {
    const random = lcg(n1 * 7 + n2);
    const a = Float64Array.from({ length: n1 }, () => normal(random));
    for (const shift of [0, 0.02, 0.5, 30]) {
      expectSame(
        a,
        Float64Array.from({ length: n2 }, () => normal(random) + shift),
      );
    }
  });

  it('ties, zeros of both signs, outliers, skewed and degenerate data', () => {
    const random = lcg(77);
    const cases: Array<[string, Float64Array, Float64Array]> = [
      [
        'few distinct values',
        Float64Array.from({ length: 20_000 }, () => Math.floor(random() * 10)),
        Float64Array.from({ length: 15_000 }, () => Math.floor(random() * 11)),
      ],
      [
        'zeros of both signs',
        Float64Array.from({ length: 4000 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : random())),
        Float64Array.from({ length: 3000 }, (_, i) => (i % 2 ? -0 : random() - 0.5)),
      ],
      [
        'one outlier stretching the range',
        Float64Array.from({ length: 30_000 }, (_, i) => (i === 9 ? 1e300 : normal(random))),
        Float64Array.from({ length: 30_000 }, (_, i) => (i === 99 ? -1e300 : normal(random) + 0.01)),
      ],
      [
        'the whole double range',
        Float64Array.from({ length: 3000 }, () => (random() - 0.5) * 2 * Number.MAX_VALUE),
        Float64Array.from({ length: 3000 }, () => (random() - 0.4) * Number.MAX_VALUE),
      ],
      [
        'powers of two (deeper than six levels)',
        Float64Array.from({ length: 20_000 }, (_, i) => 2 ** (((i * 7919) % 1500) - 750)),
        Float64Array.from({ length: 20_000 }, (_, i) => 2 ** (((i * 104_729) % 1400) - 700)),
      ],
      [
        'subnormals',
        Float64Array.from({ length: 3000 }, (_, i) => Number.MIN_VALUE * (i % 50)),
        Float64Array.from({ length: 3000 }, (_, i) => Number.MIN_VALUE * (i % 47)),
      ],
      ['all equal', new Float64Array(5000).fill(2), new Float64Array(4000).fill(2)],
      [
        'disjoint',
        Float64Array.from({ length: 5000 }, (_, i) => i),
        Float64Array.from({ length: 6000 }, (_, i) => -i - 1),
      ],
      [
        'identical',
        Float64Array.from({ length: 9000 }, (_, i) => Math.sin(i)),
        Float64Array.from({ length: 9000 }, (_, i) => Math.sin(i)),
      ],
    ];
    for (const [, a, b] of cases) {
      expectSame(a, b);
      expectSame(b, a);
    }
  });

  it('property: random samples of doubles, integers and duplicates (fast-check, seeded)', () => {
    const value = fc.oneof(
      { weight: 4, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 4, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
      { weight: 3, arbitrary: fc.integer({ min: -4, max: 4 }) },
    );
    const sample = fc.array(value, { minLength: 1, maxLength: 1500 });
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: 1, max: 4 }), (a, b, repeat) => {
        const grow = (list: number[]) => Float64Array.from(Array.from({ length: repeat }, () => list).flat());
        expectSame(grow(a), grow(b));
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
