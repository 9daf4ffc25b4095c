import { describe, expect, it } from 'vitest';
import { close, reference } from '../../test/scipy/scipy-reference.ts';
import { chiSquare, chiSquareFromCounts } from './chi-square.ts';
import { zTest } from './z-test.ts';

describe('chiSquare agrees with scipy.stats.chi2_contingency / chisquare', () => {
  for (const entry of reference.categorical) {
    it(entry.name, () => {
      const contingency = chiSquare(entry.reference, entry.current);
      expect(new Set(contingency.categories)).toEqual(new Set(entry.categories));
      if (!entry.contingency) return;
      expect(close(contingency.statistic, entry.contingency.statistic, 1e-12, 0)).toBe(true);
      expect(close(contingency.pValue, entry.contingency.pValue), `${contingency.pValue}`).toBe(true);
      expect(contingency.dof).toBe(entry.contingency.dof);
      if (entry.contingencyNoCorrection) {
        expect(contingency.method).toBe('contingency-yates');
        const plain = chiSquare(entry.reference, entry.current, { correction: false });
        expect(close(plain.statistic, entry.contingencyNoCorrection.statistic, 1e-12, 0)).toBe(true);
        expect(close(plain.pValue, entry.contingencyNoCorrection.pValue)).toBe(true);
      }
      const fit = chiSquare(entry.reference, entry.current, { variant: 'goodness-of-fit' });
      expect(chiSquare(entry.reference, entry.current, { method: 'goodness-of-fit' })).toEqual(fit);
      expect(fit.method).toBe('goodness-of-fit');
      expect(close(fit.statistic, entry.goodnessOfFit!.statistic, 1e-12, 0), `${fit.statistic}`).toBe(true);
      expect(close(fit.pValue, entry.goodnessOfFit!.pValue), `${fit.pValue}`).toBe(true);
      const z = zTest(entry.reference, entry.current);
      expect(z.category).toBe(entry.zTest!.category);
      expect(close(z.statistic, entry.zTest!.statistic, 1e-12, 0)).toBe(true);
      expect(close(z.pValue, entry.zTest!.pValue)).toBe(true);
      expect(Math.abs(z.pValue - entry.zTest!.evidentlyPValue)).toBeLessThan(1e-12);
    });
  }
});

describe('chiSquare options', () => {
  it('rejects an unknown variant and a variant that disagrees with method', () => {
    expect(() => chiSquare(['a'], ['b'], { variant: 'g-test' as 'contingency' })).toThrow(
      /unknown chi-square variant/,
    );
    expect(() => chiSquare(['a'], ['b'], { variant: 'contingency', method: 'goodness-of-fit' })).toThrow(
      /disagree/,
    );
  });
});

describe('chiSquare by hand', () => {
  it('2×3 table [[10, 20, 30], [20, 20, 20]]', () => {
    // Expected: column totals 30, 40, 50 split 60/120 and 60/120 → 15, 20, 25 each row.
    // χ² = 2·(25/15 + 0 + 25/25) = 5.333…, dof = 2, p = exp(−χ²/2).
    const result = chiSquareFromCounts({ a: 10, b: 20, c: 30 }, { a: 20, b: 20, c: 20 });
    expect(result.statistic).toBeCloseTo(16 / 3, 13);
    expect(result.dof).toBe(2);
    expect(result.pValue).toBeCloseTo(Math.exp(-8 / 3), 14);
  });

  it('a category seen only in current gives a finite statistic, not p = 0', () => {
    const result = chiSquareFromCounts({ a: 50, b: 50 }, { a: 45, b: 50, c: 5 });
    expect(Number.isFinite(result.statistic)).toBe(true);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.categories).toEqual(['a', 'b', 'c']);
  });

  it('one category on both sides: statistic 0, p 1', () => {
    expect(chiSquare(['x', 'x'], ['x'])).toMatchObject({ statistic: 0, pValue: 1, dof: 0 });
  });

  it('missing values are skipped, empty samples rejected', () => {
    expect(chiSquare(['a', null, 'b', undefined], ['a', 'b']).statistic).toBe(0);
    expect(() => chiSquare([null], ['a'])).toThrow(/reference has no non-missing value/);
    expect(() => chiSquareFromCounts({ a: -1 }, { a: 1 })).toThrow(/counts must be finite/);
  });
});

describe('zTest by hand', () => {
  it('matches the two-proportion formula', () => {
    // reference: 30 of 100 are not "a"; current: 50 of 100. P = 0.4.
    const ref = [...Array(70).fill('a'), ...Array(30).fill('b')];
    const cur = [...Array(50).fill('a'), ...Array(50).fill('b')];
    const z = (0.3 - 0.5) / Math.sqrt(0.4 * 0.6 * (2 / 100));
    const result = zTest(ref, cur);
    expect(result.statistic).toBeCloseTo(z, 13);
    // z = −2.88675…; two-sided normal tail from tables: 2 × 0.0019462 = 0.0038924.
    expect(result.pValue).toBeCloseTo(0.0038924, 6);
  });

  it('one identical value on both sides gives p = 1', () => {
    expect(zTest([true, true], [true]).pValue).toBe(1);
  });
});
