// Population Stability Index with Evidently's binning and zero handling.
import { checkArrayLike, describe, invalid } from '../errors.ts';
import { type Bin, type BinningOptions, binData } from './binning.ts';
import { fillZeroShares } from './categories.ts';
import type { Categorical, Numeric, StatResult } from './validate.ts';

/** One PSI bin: its shares (before zero replacement) and its term of the sum. */
export interface PsiBin extends Bin {
  /** (ref − cur)·ln(ref / cur) for this bin, after zero replacement. */
  contribution: number;
}

/** Options of {@link psi}. */
export type PsiOptions = BinningOptions;

/** Result of {@link psi}. */
export interface PsiResult extends StatResult {
  method: 'psi';
  bins: PsiBin[];
}

/**
 * PSI from per-bin shares: after Evidently's zero replacement on each side (zeros become m/1e6 when the smallest
 * non-zero share m ≤ 1e-4, else 1e-4), Σ (ref − cur)·ln(ref / cur).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the arrays differ in length, are empty, or hold a negative or
 * non-finite share.
 * @example
 * ```ts
 * psiFromBins([0.5, 0.5], [0.4, 0.6]); // ≈ 0.0405
 * ```
 */
export function psiFromBins(referenceShares: readonly number[], currentShares: readonly number[]): number {
  return psiTerms(referenceShares, currentShares).reduce((total, term) => total + term, 0);
}

function psiTerms(referenceShares: readonly number[], currentShares: readonly number[]): number[] {
  checkArrayLike(referenceShares, 'referenceShares');
  checkArrayLike(currentShares, 'currentShares');
  if (referenceShares.length !== currentShares.length || referenceShares.length === 0) {
    throw invalid(
      `PSI needs two non-empty share arrays of equal length, got ${referenceShares.length} and ${currentShares.length}`,
    );
  }
  for (const share of [...referenceShares, ...currentShares]) {
    if (!(typeof share === 'number' && Number.isFinite(share) && share >= 0))
      throw invalid(`PSI share ${describe(share)} is not finite and ≥ 0`);
  }
  const reference = fillZeroShares(Array.from(referenceShares));
  const current = fillZeroShares(Array.from(currentShares));
  return reference.map((ref, index) => {
    const cur = current[index]!;
    return (ref - cur) * Math.log(ref / cur);
  });
}

/**
 * Population Stability Index of `current` against `reference`, as Evidently's `psi` stat test: numeric samples
 * whose reference has more than 20 distinct values are cut into Sturges equal-width bins over both samples
 * (numpy.histogram_bin_edges 'sturges'); otherwise one bin per value or category. `binning: 'quantile'` uses
 * reference quantiles (deciles by default) instead.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on empty input, NaN or ±Infinity in numeric input, bad options.
 * @example
 * ```ts
 * const { statistic, bins } = psi(referenceScores, currentScores);
 * if (statistic >= 0.1) console.log('drift', bins);
 * ```
 */
export function psi(
  reference: Numeric | Categorical,
  current: Numeric | Categorical,
  options: PsiOptions = {},
): PsiResult {
  const bins = binData(reference, current, options, 'psi options');
  const terms = psiTerms(
    bins.map((bin) => bin.referenceShare),
    bins.map((bin) => bin.currentShare),
  );
  let statistic = 0;
  for (const term of terms) statistic += term;
  return {
    statistic,
    method: 'psi',
    bins: bins.map((bin, index) => ({ ...bin, contribution: terms[index]! })),
  };
}
