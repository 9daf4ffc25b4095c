import { describe, expect, it } from 'vitest';
import { close, reference } from '../../test/scipy/scipy-reference.ts';
import { chi2Sf } from './chi2.ts';
import { kolmogorovSmirnovSf } from './kolmogn.ts';
import { normalCdf, normalSf } from './normal.ts';
import { kstwobignSf, smirnovSf } from './smirnov.ts';

const { distributions } = reference;

describe('distributions agree with scipy.stats on a grid', () => {
  it('kstwo.sf (every branch: Ruben–Gambino, DMTW, Pomeranz, Pelz–Good, Smirnov)', () => {
    const misses = distributions.kstwo.filter(
      ([n, x, expected]) => !close(kolmogorovSmirnovSf(n, x), expected),
    );
    expect(misses.map(([n, x, expected]) => [n, x, expected, kolmogorovSmirnovSf(n, x)])).toEqual([]);
    expect(distributions.kstwo.length).toBeGreaterThan(200);
  });

  it('ksone.sf', () => {
    const ksone = (n: number, x: number) => (x <= 0 ? 1 : x >= 1 ? 0 : smirnovSf(n, x));
    const misses = distributions.ksone.filter(([n, x, expected]) => !close(ksone(n, x), expected));
    expect(misses.map(([n, x, expected]) => [n, x, expected, ksone(n, x)])).toEqual([]);
  });

  it('kstwobign.sf', () => {
    const misses = distributions.kstwobign.filter(([x, expected]) => !close(kstwobignSf(x), expected));
    expect(misses).toEqual([]);
  });

  it('chi2.sf', () => {
    const misses = distributions.chi2.filter(([x, dof, expected]) => !close(chi2Sf(x, dof), expected));
    expect(misses.map(([x, dof, expected]) => [x, dof, expected, chi2Sf(x, dof)])).toEqual([]);
  });

  it('norm.cdf and norm.sf', () => {
    for (const [x, cdf, sf] of distributions.norm) {
      expect(close(normalCdf(x), cdf), `cdf(${x})`).toBe(true);
      expect(close(normalSf(x), sf), `sf(${x})`).toBe(true);
    }
  });
});

describe('distributions by hand', () => {
  it('chi2.sf with 2 dof is exp(−x/2)', () => {
    for (const x of [0.1, 1, 7.5, 40]) expect(close(chi2Sf(x, 2), Math.exp(-x / 2), 1e-14, 0)).toBe(true);
  });

  it('chi2.sf with 1 dof is 2·Φ(−√x)', () => {
    for (const x of [0.3, 3.841458820694124, 25]) {
      expect(close(chi2Sf(x, 1), 2 * normalCdf(-Math.sqrt(x)), 1e-13, 0)).toBe(true);
    }
  });

  it('kstwo.sf at n = 1 is 2(1 − x) for x ≥ 1/2', () => {
    expect(kolmogorovSmirnovSf(1, 0.75)).toBeCloseTo(0.5, 15);
  });

  it('ksone.sf for n = 1 is 1 − x', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
  });

  it('chi2Sf rejects fractional degrees of freedom', () => {
    expect(() => chi2Sf(1, 1.5)).toThrow(/degrees of freedom/);
  });
});
