import { describe, expect, it } from 'vitest';
import { addOutcome, emptyOutcomes, twoProportionZTest, welchTTest } from './outcomes.ts';
import { normalSf, studentTSf } from './special.ts';

/** Simpson's rule on [a, b] with n (even) intervals: an integration written apart from the code under test. */
function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let index = 1; index < n; index++) sum += f(a + index * h) * (index % 2 ? 4 : 2);
  return (sum * h) / 3;
}

const normalPdf = (x: number) => Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);

/** Student t density via log-gamma from Stirling's series (independent of the Lanczos code). */
function lnGammaStirling(x: number): number {
  let shift = 0;
  let value = x;
  while (value < 10) {
    shift -= Math.log(value);
    value += 1;
  }
  const inv = 1 / value;
  return (
    shift +
    (value - 0.5) * Math.log(value) -
    value +
    0.5 * Math.log(2 * Math.PI) +
    inv / 12 -
    inv ** 3 / 360 +
    inv ** 5 / 1260 -
    inv ** 7 / 1680
  );
}
const tPdf = (df: number) => (x: number) =>
  Math.exp(
    lnGammaStirling((df + 1) / 2) -
      lnGammaStirling(df / 2) -
      0.5 * Math.log(df * Math.PI) -
      ((df + 1) / 2) * Math.log1p((x * x) / df),
  );

function summary(values: readonly number[]) {
  const result = emptyOutcomes();
  for (const value of values) addOutcome(result, value);
  return result;
}

describe('distribution tails', () => {
  it('normal upper tail matches scipy.stats.norm.sf and a numeric integral', () => {
    expect(normalSf(1.96)).toBeCloseTo(0.024997895148220435, 14);
    expect(normalSf(5) / 2.866515718791933e-7).toBeCloseTo(1, 10);
    for (const z of [0, 0.3, 1, 1.7, 2.5, 3.5]) {
      expect(normalSf(z)).toBeCloseTo(0.5 - simpson(normalPdf, 0, z), 10);
    }
    expect(normalSf(-1)).toBeCloseTo(1 - normalSf(1), 14);
  });

  it("Student's t upper tail matches scipy.stats.t.sf and a numeric integral", () => {
    expect(studentTSf(2, 10)).toBeCloseTo(0.03669401738537018, 13);
    expect(studentTSf(0.5, 3.7)).toBeCloseTo(0.3226678166599659, 12);
    for (const [t, df] of [
      [0.7, 2.5],
      [1.9, 7],
      [3, 24.9],
      [1.2, 120],
    ] as const) {
      expect(studentTSf(t, df)).toBeCloseTo(0.5 - simpson(tPdf(df), 0, t), 9);
    }
  });
});

describe('two-sample tests', () => {
  it('two-proportion z-test: 120/1000 vs 150/1000 (scipy: z = -1.96305, p = 0.049640)', () => {
    const a = summary([...Array(120).fill(1), ...Array(880).fill(0)]);
    const b = summary([...Array(150).fill(1), ...Array(850).fill(0)]);
    const result = twoProportionZTest(a, b);
    // the textbook formula, by hand
    const pooled = 270 / 2000;
    const z = (0.12 - 0.15) / Math.sqrt(pooled * (1 - pooled) * (2 / 1000));
    expect(result.statistic).toBeCloseTo(z, 12);
    expect(result.statistic).toBeCloseTo(-1.963049807622355, 12);
    expect(result.pValue).toBeCloseTo(0.04964038686536878, 12);
    expect(twoProportionZTest(summary([1, 1]), summary([1, 1, 1]))).toEqual({ statistic: 0, pValue: 1 });
  });

  it("Welch's t-test on the two published examples (scipy.stats.ttest_ind(equal_var=False))", () => {
    const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const first = welchTTest(summary(a1), summary(a2));
    expect(first.statistic).toBeCloseTo(-2.455356398286006, 11);
    expect(first.degreesOfFreedom).toBeCloseTo(24.988529290231416, 9);
    expect(first.pValue).toBeCloseTo(0.021378001462866992, 11);
    const b1 = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
    const b2 = [
      21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5,
      23.5, 21.5, 21.8,
    ];
    const second = welchTTest(summary(b1), summary(b2));
    expect(second.statistic).toBeCloseTo(-1.5654335235985037, 11);
    expect(second.degreesOfFreedom).toBeCloseTo(9.904741248650831, 9);
    expect(second.pValue).toBeCloseTo(0.14884169660532817, 11);
    expect(Number.isNaN(welchTTest(summary([1]), summary([2, 3])).pValue)).toBe(true);
  });
});
