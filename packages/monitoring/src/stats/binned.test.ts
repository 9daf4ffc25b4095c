import { describe, expect, it } from 'vitest';
import { close, materialize, reference, type SampleSpec } from '../../test/scipy/scipy-reference.ts';
import { binData, sturgesEdges } from './binning.ts';
import { jensenShannon, jensenShannonFromShares } from './jensen-shannon.ts';
import { psi, psiFromBins } from './psi.ts';
import { wasserstein, wassersteinNormed } from './wasserstein.ts';

const sampleOf = (spec: SampleSpec | { values: string[] }, kind: string) =>
  kind === 'numeric' ? materialize(spec as SampleSpec) : (spec as { values: string[] }).values;

describe('PSI, Jensen–Shannon and Wasserstein agree with scipy / numpy transcriptions of Evidently', () => {
  for (const entry of reference.binned) {
    it(entry.name, () => {
      const ref = sampleOf(entry.reference, entry.kind);
      const cur = sampleOf(entry.current, entry.kind);
      const result = psi(ref, cur, { kind: entry.kind });
      expect(result.bins.length).toBe(entry.bins);
      expect(
        close(result.statistic, entry.psi, 1e-12, 1e-15),
        `psi ${result.statistic} vs ${entry.psi}`,
      ).toBe(true);
      const js = jensenShannon(ref, cur, { kind: entry.kind });
      expect(close(js.statistic, entry.jensenShannon, 1e-12, 1e-15), `js ${js.statistic}`).toBe(true);
      if (entry.kind !== 'numeric') return;
      const quantile = psi(ref, cur, { binning: 'quantile' });
      expect(quantile.bins.length).toBe(entry.quantileBins);
      expect(close(quantile.statistic, entry.quantilePsi!, 1e-12, 1e-15), `q ${quantile.statistic}`).toBe(
        true,
      );
      const numeric = ref as Float64Array;
      const numericCurrent = cur as Float64Array;
      expect(close(wasserstein(numeric, numericCurrent).statistic, entry.wasserstein!, 1e-12, 1e-15)).toBe(
        true,
      );
      const normed = wassersteinNormed(numeric, numericCurrent).statistic;
      expect(close(normed, entry.wassersteinNormed!, 1e-12, 1e-15)).toBe(true);
    });
  }
  for (const entry of reference.wasserstein) {
    it(`wasserstein ${entry.name}`, () => {
      expect(
        close(wasserstein(entry.reference, entry.current).statistic, entry.wasserstein, 1e-12, 1e-15),
      ).toBe(true);
      const normed = wassersteinNormed(entry.reference, entry.current).statistic;
      expect(close(normed, entry.wassersteinNormed, 1e-12, 1e-15)).toBe(true);
    });
  }
});

describe('by hand', () => {
  it('psiFromBins: Σ (ref − cur)·ln(ref/cur)', () => {
    const expected = (0.5 - 0.4) * Math.log(0.5 / 0.4) + (0.5 - 0.6) * Math.log(0.5 / 0.6);
    expect(psiFromBins([0.5, 0.5], [0.4, 0.6])).toBeCloseTo(expected, 15);
  });

  it('psiFromBins replaces zeros per side: 1e-4, or m/1e6 when the smallest share m ≤ 1e-4', () => {
    const coarse = psiFromBins([0.5, 0.5, 0], [0.5, 0.25, 0.25]);
    expect(coarse).toBeCloseTo(0.25 * Math.log(0.5 / 0.25) + (0.0001 - 0.25) * Math.log(0.0001 / 0.25), 14);
    const fine = psiFromBins([0.99995, 0.00005, 0], [0.5, 0.25, 0.25]);
    const fill = 0.00005 / 1e6;
    const expected =
      (0.99995 - 0.5) * Math.log(0.99995 / 0.5) +
      (0.00005 - 0.25) * Math.log(0.00005 / 0.25) +
      (fill - 0.25) * Math.log(fill / 0.25);
    expect(fine).toBeCloseTo(expected, 12);
  });

  it('wasserstein of [0, 1, 3] and [5, 6, 8] is 5', () => {
    expect(wasserstein([0, 1, 3], [5, 6, 8]).statistic).toBeCloseTo(5, 14);
  });

  it('Jensen–Shannon of disjoint distributions is √ln 2', () => {
    expect(jensenShannonFromShares([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 15);
    expect(jensenShannon(['a', 'a'], ['b']).statistic).toBeCloseTo(Math.sqrt(Math.LN2), 15);
  });

  it('Sturges edges over 1000 pooled values: ceil(log2(1000) + 1) = 11 bins, last edge the maximum', () => {
    const ref = Float64Array.from({ length: 600 }, (_, index) => index / 599);
    const cur = Float64Array.from({ length: 400 }, (_, index) => 2 * (index / 399));
    const edges = sturgesEdges(ref, cur);
    expect(edges.length).toBe(12);
    expect(edges[0]).toBe(0);
    expect(edges[11]).toBe(2);
    const bins = binData(ref, cur);
    expect(bins.reduce((sum, bin) => sum + bin.currentShare, 0)).toBeCloseTo(1, 14);
  });

  it('numeric samples with at most 20 distinct reference values get one bin per value', () => {
    const bins = binData([1, 1, 2, 3], [3, 4]);
    expect(bins.map((bin) => bin.category)).toEqual(['1', '2', '3', '4']);
    expect(bins.map((bin) => bin.currentShare)).toEqual([0, 0, 0.5, 0.5]);
  });

  it('rejects NaN in numeric input and bad bin counts', () => {
    expect(() => psi([1, Number.NaN], [1])).toThrow(/reference\[1\] is NaN/);
    const wide = Float64Array.from({ length: 100 }, (_, index) => index);
    const withNaN = wide.slice();
    withNaN[40] = Number.NaN;
    expect(() => psi(wide, withNaN)).toThrow(/current\[40\] is NaN/);
    expect(() => jensenShannon(withNaN, wide)).toThrow(/reference\[40\] is NaN/);
    const withInfinity = wide.slice();
    withInfinity[7] = Number.NEGATIVE_INFINITY;
    expect(() => psi(wide, withInfinity)).toThrow(/current\[7\] is -Infinity/);
    expect(() => psi([1, 2], [1], { bins: 0 })).toThrow(
      /bins must be a whole number from 1 to 100000, got 0/,
    );
    expect(() => psiFromBins([1], [0.5, 0.5])).toThrow(/equal length/);
  });
});
