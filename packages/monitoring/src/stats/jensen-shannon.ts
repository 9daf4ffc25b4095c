// Jensen–Shannon distance (scipy.spatial.distance.jensenshannon, natural log) on Evidently's binning.
import { checkArrayLike, checkOptions, invalid } from '../errors.ts';
import { type BinningOptions, binData } from './binning.ts';
import type { Categorical, Numeric, StatResult } from './validate.ts';

/** Options of {@link jensenShannon}: the kind of data and the bin count (see {@link BinningOptions}). */
export type JensenShannonOptions = Pick<BinningOptions, 'bins' | 'kind'>;

const isShare = (value: unknown) =>
  typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY;

function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

/**
 * Jensen–Shannon distance between two probability vectors (each normalised to sum 1), natural log:
 * √((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2, as scipy.spatial.distance.jensenshannon.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when lengths differ or a vector is empty, negative or sums to 0.
 */
export function jensenShannonFromShares(p: readonly number[], q: readonly number[]): number {
  checkArrayLike(p, 'p');
  checkArrayLike(q, 'q');
  if (p.length !== q.length || p.length === 0) {
    throw invalid(
      `Jensen-Shannon needs two non-empty vectors of equal length, got ${p.length} and ${q.length}`,
    );
  }
  const pSum = p.reduce((a, b) => a + b, 0);
  const qSum = q.reduce((a, b) => a + b, 0);
  if (!(pSum > 0 && qSum > 0) || !Array.from(p).every(isShare) || !Array.from(q).every(isShare)) {
    throw invalid('Jensen-Shannon vectors must be non-negative with a positive sum');
  }
  let left = 0;
  let right = 0;
  for (let index = 0; index < p.length; index++) {
    const pi = p[index]! / pSum;
    const qi = q[index]! / qSum;
    const mi = (pi + qi) / 2;
    left += relativeEntropy(pi, mi);
    right += relativeEntropy(qi, mi);
  }
  return Math.sqrt((left + right) / 2);
}

/**
 * Jensen–Shannon distance between reference and current (Evidently's `jensenshannon` stat test): shares from
 * Evidently's binning (Sturges bins for numeric samples with more than 20 distinct reference values, else one
 * bin per value; no zero replacement), then {@link jensenShannonFromShares}. Between 0 and √ln 2 ≈ 0.8326.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on empty input, NaN or ±Infinity in numeric input, bad options.
 * @example
 * ```ts
 * jensenShannon(['a', 'b', 'b'], ['a', 'a', 'b']).statistic;
 * ```
 */
export function jensenShannon(
  reference: Numeric | Categorical,
  current: Numeric | Categorical,
  options: JensenShannonOptions = {},
): StatResult {
  checkOptions(options, ['bins', 'kind'], 'jensenShannon options');
  const bins = binData(reference, current, { ...options, binning: 'evidently' });
  const statistic = jensenShannonFromShares(
    bins.map((bin) => bin.referenceShare),
    bins.map((bin) => bin.currentShare),
  );
  return { statistic, method: 'jensen-shannon', bins: bins.length };
}
