// Running summaries of reported outcomes (rewards) and the two tests `compare` runs on them.
import { normalSf, studentTSf } from './special.ts';

/** A running summary of outcomes: count, mean and sum of squared deviations (Welford), and whether all were 0/1. */
export interface OutcomeSummary {
  /** Outcomes seen. */
  count: number;
  /** Their mean. */
  mean: number;
  /** Sum of squared deviations from the mean (Welford's M2). */
  m2: number;
  /** True while every outcome was exactly 0 or 1. */
  binary: boolean;
}

/** An empty summary. */
export function emptyOutcomes(): OutcomeSummary {
  return { count: 0, mean: 0, m2: 0, binary: true };
}

/** Adds one outcome to a summary in place (Welford's update). */
export function addOutcome(summary: OutcomeSummary, value: number): void {
  summary.count += 1;
  const delta = value - summary.mean;
  summary.mean += delta / summary.count;
  summary.m2 += delta * (value - summary.mean);
  if (value !== 0 && value !== 1) summary.binary = false;
}

/** Sample variance (n − 1 denominator); NaN below two outcomes. */
export function sampleVariance(summary: OutcomeSummary): number {
  return summary.count < 2 ? Number.NaN : summary.m2 / (summary.count - 1);
}

/** Result of a two-sample test. */
export interface TwoSampleTest {
  /** z for the two-proportion test, t for Welch's test. */
  statistic: number;
  /** Two-sided p-value; NaN when the test cannot be computed (too few outcomes, no variance). */
  pValue: number;
  /** Welch–Satterthwaite degrees of freedom (Welch's test only). */
  degreesOfFreedom?: number;
}

/**
 * Two-proportion z-test with the pooled proportion: z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)), p = 2·(1 − Φ(|z|)).
 */
export function twoProportionZTest(a: OutcomeSummary, b: OutcomeSummary): TwoSampleTest {
  if (a.count === 0 || b.count === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  const pooled = (a.mean * a.count + b.mean * b.count) / (a.count + b.count);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.count + 1 / b.count));
  if (se === 0) return { statistic: 0, pValue: 1 };
  const z = (a.mean - b.mean) / se;
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/**
 * Welch's unequal-variances t-test: t = (m₁ − m₂) / √(s₁²/n₁ + s₂²/n₂), degrees of freedom by
 * Welch–Satterthwaite, p = 2·P(T > |t|).
 */
export function welchTTest(a: OutcomeSummary, b: OutcomeSummary): TwoSampleTest {
  const va = sampleVariance(a) / a.count;
  const vb = sampleVariance(b) / b.count;
  const se2 = va + vb;
  if (!(se2 > 0)) return { statistic: Number.NaN, pValue: Number.NaN };
  const t = (a.mean - b.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.count - 1) + (vb * vb) / (b.count - 1));
  return { statistic: t, pValue: Math.min(1, 2 * studentTSf(Math.abs(t), df)), degreesOfFreedom: df };
}
