import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { close, materialize, reference } from '../../test/scipy/scipy-reference.ts';
import { ks1samp, ks1sampSorted, ks2samp, ks2sampSorted } from './ks.ts';
import { normalCdf } from './normal.ts';

describe('ks2samp agrees with scipy.stats.ks_2samp', () => {
  for (const entry of reference.ks2samp) {
    it(entry.name, () => {
      const result = ks2samp(materialize(entry.reference), materialize(entry.current), {
        alternative: entry.alternative,
        method: entry.method,
      });
      expect(
        close(result.statistic, entry.statistic, 1e-12, 0),
        `D ${result.statistic} vs ${entry.statistic}`,
      ).toBe(true);
      expect(close(result.pValue, entry.pValue), `p ${result.pValue} vs ${entry.pValue}`).toBe(true);
      expect(result.statisticLocation).toBe(entry.statisticLocation);
      expect(result.statisticSign).toBe(entry.statisticSign);
    });
  }
});

describe('ks1samp agrees with scipy.stats.ks_1samp against norm.cdf', () => {
  for (const entry of reference.ks1samp) {
    it(entry.name, () => {
      const result = ks1samp(entry.values, normalCdf, {
        alternative: entry.alternative,
        method: entry.method,
      });
      expect(
        close(result.statistic, entry.statistic, 1e-12, 1e-15),
        `D ${result.statistic} vs ${entry.statistic}`,
      ).toBe(true);
      expect(close(result.pValue, entry.pValue), `p ${result.pValue} vs ${entry.pValue}`).toBe(true);
      expect(result.statisticLocation).toBe(entry.statisticLocation);
      expect(result.statisticSign).toBe(entry.statisticSign);
    });
  }
});

describe('ks2samp by hand', () => {
  it('disjoint samples: D = 1 and the exact p-value 2 / C(7, 3)', () => {
    const result = ks2samp([1, 2, 3], [4, 5, 6, 7]);
    expect(result.statistic).toBe(1);
    // Only the two extreme arrangements of 3 + 4 pooled values reach D = 1: p = 2 / 35.
    expect(result.pValue).toBeCloseTo(2 / 35, 15);
    expect(result.method).toBe('exact');
    expect(result.statisticLocation).toBe(3);
  });

  it('ties count with searchsorted right: [1,1,2] vs [1,2,2] has D = 1/3 at 1', () => {
    const result = ks2samp([1, 1, 2], [1, 2, 2]);
    expect(result.statistic).toBeCloseTo(1 / 3, 15);
    expect(result.statisticLocation).toBe(1);
    expect(result.statisticSign).toBe(1);
  });

  it('identical samples give D = 0 and p = 1', () => {
    const values = Float64Array.from({ length: 50 }, (_, index) => index % 7);
    const result = ks2samp(values, values);
    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('auto switches to asymp above 10,000 values', () => {
    const large = Float64Array.from({ length: 10_001 }, (_, index) => index);
    expect(ks2samp(large, [1, 2, 3]).method).toBe('asymp');
    expect(ks2samp(large.subarray(0, 10_000), [1, 2, 3]).method).toBe('exact');
  });

  it('accepts Float32Array and plain arrays alike and does not modify the input', () => {
    const input = [3, 1, 2];
    const a = ks2samp(input, Float32Array.from([2.5, 0.5]));
    const b = ks2samp(Float64Array.from([3, 1, 2]), [2.5, 0.5]);
    expect(a).toEqual(b);
    expect(input).toEqual([3, 1, 2]);
  });

  it('ks2sampSorted gives the same result on sorted input and rejects unsorted input', () => {
    const a = Float64Array.from([0.1, 0.4, 0.5, 0.9]);
    const b = Float64Array.from([0.2, 0.3, 0.6]);
    expect(ks2sampSorted(a, b)).toEqual(ks2samp(a, b));
    expect(() => ks2sampSorted(Float64Array.from([2, 1]), b)).toThrow(/not sorted/);
  });
});

describe('bad input', () => {
  it.each([
    ['NaN', [1, Number.NaN]],
    ['Infinity', [1, Number.POSITIVE_INFINITY]],
    ['empty', []],
  ])('rejects %s with PLINTH_VALIDATION', (_label, values) => {
    let caught: unknown;
    try {
      ks2samp(values, [1, 2]);
    } catch (error) {
      caught = error;
    }
    expect(PlinthError.is(caught, 'PLINTH_VALIDATION')).toBe(true);
    expect(String((caught as Error).message)).toMatch(/^\[plinth:monitoring\] reference/);
  });

  it('rejects unknown options', () => {
    expect(() => ks2samp([1], [2], { alternative: 'bigger' as 'less' })).toThrow(/alternative/);
    expect(() => ks1samp([1], normalCdf, { method: 'approx' as 'exact' })).toThrow(/method/);
  });

  it('ks1sampSorted validates order', () => {
    expect(() => ks1sampSorted(Float64Array.from([1, 0]), normalCdf)).toThrow(/not sorted/);
  });
});

describe('exact two-sample p-values against brute-force enumeration', () => {
  /** Every way to choose which n1 of the n1 + n2 pooled ranks belong to sample 1 (no ties). */
  function* arrangements(total: number, pick: number, start = 0, chosen: number[] = []): Generator<number[]> {
    if (chosen.length === pick) {
      yield chosen;
      return;
    }
    for (let rank = start; rank <= total - (pick - chosen.length); rank++) {
      yield* arrangements(total, pick, rank + 1, [...chosen, rank]);
    }
  }

  function statistics(sample1: Set<number>, n1: number, n2: number): { plus: number; minus: number } {
    let i = 0;
    let j = 0;
    let plus = 0;
    let minus = 0;
    for (let rank = 0; rank < n1 + n2; rank++) {
      if (sample1.has(rank)) i++;
      else j++;
      // Compare in integers: i/n1 − j/n2 = (i·n2 − j·n1)/(n1·n2).
      plus = Math.max(plus, i * n2 - j * n1);
      minus = Math.max(minus, j * n1 - i * n2);
    }
    return { plus, minus };
  }

  for (const [n1, n2] of [
    [5, 4],
    [6, 6],
    [7, 3],
    [4, 9],
  ] as const) {
    it(`${n1} vs ${n2}: every arrangement's two-sided and one-sided p-values`, () => {
      const all = [...arrangements(n1 + n2, n1)].map((ranks) => statistics(new Set(ranks), n1, n2));
      const total = all.length;
      // Check a spread of observed arrangements, each against the enumerated null distribution.
      for (const observedRanks of [...arrangements(n1 + n2, n1)].filter((_, index) => index % 7 === 0)) {
        const set = new Set(observedRanks);
        const reference = observedRanks.map((rank) => rank + 0.5);
        const current = Array.from({ length: n1 + n2 }, (_, rank) => rank + 0.5).filter(
          (_value, rank) => !set.has(rank),
        );
        const { plus, minus } = statistics(set, n1, n2);
        const two = Math.max(plus, minus);
        const pTwo = all.filter((s) => Math.max(s.plus, s.minus) >= two).length / total;
        const pGreater = all.filter((s) => s.plus >= plus).length / total;
        const pLess = all.filter((s) => s.minus >= minus).length / total;
        expect(ks2samp(reference, current).pValue).toBeCloseTo(pTwo, 12);
        expect(ks2samp(reference, current, { alternative: 'greater' }).pValue).toBeCloseTo(pGreater, 12);
        expect(ks2samp(reference, current, { alternative: 'less' }).pValue).toBeCloseTo(pLess, 12);
      }
    });
  }
});
