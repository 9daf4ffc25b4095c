import { describe, expect, it } from 'vitest';
import { defaultTest, judge } from './select-test.ts';

describe("Evidently's default test selection", () => {
  it('numeric: KS up to 1000 reference values, normed Wasserstein above; low cardinality goes to chi-square / Z / JS', () => {
    expect(defaultTest('numeric', 1000, 100)).toBe('ks');
    expect(defaultTest('numeric', 1001, 100)).toBe('wasserstein');
    expect(defaultTest('numeric', 500, 5)).toBe('chisquare');
    expect(defaultTest('numeric', 500, 3)).toBe('chisquare');
    expect(defaultTest('numeric', 500, 2)).toBe('z');
    expect(defaultTest('numeric', 5000, 5)).toBe('jensenshannon');
    expect(defaultTest('numeric', 500, 6)).toBe('ks');
  });

  it('categorical: chi-square (Z for two values) up to 1000, Jensen–Shannon above', () => {
    expect(defaultTest('categorical', 1000, 7)).toBe('chisquare');
    expect(defaultTest('categorical', 1000, 2)).toBe('z');
    expect(defaultTest('categorical', 1001, 2)).toBe('jensenshannon');
    expect(defaultTest('categorical', 1001, 50)).toBe('jensenshannon');
  });

  it('p-value tests drift below the threshold, distances at or above it', () => {
    expect(judge('ks', 0.049, 0.05).drifted).toBe(true);
    expect(judge('ks', 0.05, 0.05).drifted).toBe(false);
    expect(judge('wasserstein', 0.1, 0.1).drifted).toBe(true);
    expect(judge('psi', 0.099, 0.1).drifted).toBe(false);
    expect(judge('ks', 0.0025, 0.05).severity).toBeCloseTo(2, 12);
    expect(judge('jensenshannon', 0.3, 0.1).severity).toBeCloseTo(3, 12);
  });
});
