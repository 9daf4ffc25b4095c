// The same scipy cross-checks, in Chromium: a representative subset of every statistic.
import { describe, expect, it } from 'vitest';
import { close, materialize, reference, type SampleSpec } from '../../test/scipy/scipy-reference.ts';
import {
  chi2Sf,
  chiSquare,
  jensenShannon,
  kolmogorovSmirnovSf,
  ks1samp,
  ks2samp,
  normalCdf,
  psi,
  wasserstein,
  zTest,
} from './index.ts';

describe('drift statistics in Chromium agree with scipy', () => {
  it('runs in a browser', () => {
    expect(typeof window).toBe('object');
  });

  it('ks2samp: exact, asymptotic, ties, one-sided', () => {
    const picks = reference.ks2samp.filter((_, index) => index % 3 === 0);
    expect(picks.length).toBeGreaterThan(15);
    for (const entry of picks) {
      const result = ks2samp(materialize(entry.reference), materialize(entry.current), {
        alternative: entry.alternative,
        method: entry.method,
      });
      expect(close(result.statistic, entry.statistic, 1e-12, 0), entry.name).toBe(true);
      expect(close(result.pValue, entry.pValue), `${entry.name}: ${result.pValue} vs ${entry.pValue}`).toBe(
        true,
      );
    }
  });

  it('ks1samp against norm.cdf', () => {
    for (const entry of reference.ks1samp.slice(0, 12)) {
      const result = ks1samp(entry.values, normalCdf, {
        alternative: entry.alternative,
        method: entry.method,
      });
      expect(close(result.pValue, entry.pValue), entry.name).toBe(true);
    }
  });

  it('kstwo.sf and chi2.sf grids', () => {
    for (const [n, x, expected] of reference.distributions.kstwo)
      expect(close(kolmogorovSmirnovSf(n, x), expected)).toBe(true);
    for (const [x, dof, expected] of reference.distributions.chi2)
      expect(close(chi2Sf(x, dof), expected)).toBe(true);
  });

  it('chi-square, z-test', () => {
    for (const entry of reference.categorical) {
      if (!entry.contingency) continue;
      expect(
        close(chiSquare(entry.reference, entry.current).pValue, entry.contingency.pValue),
        entry.name,
      ).toBe(true);
      expect(close(zTest(entry.reference, entry.current).pValue, entry.zTest!.pValue), entry.name).toBe(true);
    }
  });

  it('PSI, Jensen–Shannon, Wasserstein', () => {
    for (const entry of reference.binned) {
      const ref =
        entry.kind === 'numeric'
          ? materialize(entry.reference as SampleSpec)
          : (entry.reference as { values: string[] }).values;
      const cur =
        entry.kind === 'numeric'
          ? materialize(entry.current as SampleSpec)
          : (entry.current as { values: string[] }).values;
      expect(close(psi(ref, cur, { kind: entry.kind }).statistic, entry.psi, 1e-12, 1e-15), entry.name).toBe(
        true,
      );
      expect(
        close(jensenShannon(ref, cur, { kind: entry.kind }).statistic, entry.jensenShannon, 1e-12, 1e-15),
      ).toBe(true);
      if (entry.wasserstein !== undefined) {
        expect(
          close(
            wasserstein(ref as Float64Array, cur as Float64Array).statistic,
            entry.wasserstein,
            1e-12,
            1e-15,
          ),
        ).toBe(true);
      }
    }
  });
});
