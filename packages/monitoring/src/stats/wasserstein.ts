// First Wasserstein distance between two 1-D samples (scipy.stats.wasserstein_distance) and Evidently's
// normed variant.
import { assertSorted, type Numeric, type StatResult, sortedCopy } from './validate.ts';

/** Neumaier-compensated running sum. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;
  /** Adds a value. */
  add(value: number): void {
    const total = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - total + value;
    else this.compensation += value - total + this.sum;
    this.sum = total;
  }
  /** The compensated total. */
  get value(): number {
    return this.sum + this.compensation;
  }
}

/**
 * Wasserstein-1 distance between the empirical distributions of two sorted samples: ∫ |F_u(x) − F_v(x)| dx,
 * summed over the gaps between consecutive distinct values of the pooled sample.
 */
export function wassersteinDistanceSorted(u: Float64Array, v: Float64Array): number {
  const nu = u.length;
  const nv = v.length;
  const total = new CompensatedSum();
  let i = 0;
  let j = 0;
  let previous = Number.NaN;
  let previousDiff = 0;
  while (i < nu || j < nv) {
    const value = i < nu && (j >= nv || u[i]! <= v[j]!) ? u[i]! : v[j]!;
    if (!Number.isNaN(previous)) total.add(previousDiff * (value - previous));
    while (i < nu && u[i] === value) i++;
    while (j < nv && v[j] === value) j++;
    previous = value;
    previousDiff = Math.abs(i / nu - j / nv);
  }
  return total.value;
}

/**
 * First Wasserstein (earth mover's) distance between two samples, as scipy.stats.wasserstein_distance
 * (unweighted, 1-D).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on empty input, NaN or ±Infinity.
 * @example
 * ```ts
 * wasserstein([0, 1, 3], [5, 6, 8]).statistic; // 5
 * ```
 */
export function wasserstein(reference: Numeric, current: Numeric): StatResult {
  const statistic = wassersteinDistanceSorted(
    sortedCopy(reference, 'reference'),
    sortedCopy(current, 'current'),
  );
  return { statistic, method: 'wasserstein' };
}

/**
 * {@link wasserstein} on inputs already sorted ascending.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when an input is empty, unsorted or not finite.
 */
export function wassersteinSorted(reference: Float64Array, current: Float64Array): StatResult {
  assertSorted(reference, 'reference');
  assertSorted(current, 'current');
  return { statistic: wassersteinDistanceSorted(reference, current), method: 'wasserstein' };
}

/** Population standard deviation (ddof = 0, as numpy.std), two-pass with compensated sums. */
export function populationStd(values: Float64Array): number {
  const sum = new CompensatedSum();
  for (let index = 0; index < values.length; index++) sum.add(values[index]!);
  const mean = sum.value / values.length;
  const squares = new CompensatedSum();
  for (let index = 0; index < values.length; index++) squares.add((values[index]! - mean) ** 2);
  return Math.sqrt(squares.value / values.length);
}

/**
 * Evidently's normed Wasserstein distance: {@link wasserstein} divided by max(std(reference), 0.001), with the
 * population standard deviation (numpy.std, ddof = 0).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on empty input, NaN or ±Infinity.
 * @example
 * ```ts
 * wassersteinNormed(reference, current).statistic >= 0.1; // Evidently's default threshold
 * ```
 */
export function wassersteinNormed(reference: Numeric, current: Numeric): StatResult {
  return normed(sortedCopy(reference, 'reference'), sortedCopy(current, 'current'));
}

/**
 * {@link wassersteinNormed} on inputs already sorted ascending.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when an input is empty, unsorted or not finite.
 */
export function wassersteinNormedSorted(reference: Float64Array, current: Float64Array): StatResult {
  assertSorted(reference, 'reference');
  assertSorted(current, 'current');
  return normed(reference, current);
}

function normed(reference: Float64Array, current: Float64Array): StatResult {
  const distance = wassersteinDistanceSorted(reference, current);
  const std = populationStd(reference);
  const norm = Math.max(std, 0.001);
  return { statistic: distance / norm, method: 'wasserstein-normed', distance, referenceStd: std };
}
