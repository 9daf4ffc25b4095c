// Category counting and Evidently's zero-share replacement, shared by chi-square, PSI and Jensen–Shannon.
import { checkArrayLike, describe, invalid } from '../errors.ts';
import type { Categorical } from './validate.ts';

/** Counts per category (`String(value)`), skipping `null` / `undefined`, in order of first appearance. */
export function countCategories(values: Categorical, name: string): Map<string, number> {
  checkArrayLike(values, name);
  const counts = new Map<string, number>();
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) continue;
    if (typeof value === 'number' && Number.isNaN(value)) continue;
    if (typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol') {
      throw invalid(
        `${name}[${index}] is ${describe(value)}; categories must be strings, numbers or booleans`,
        { argument: name, index },
      );
    }
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0)
    throw invalid(`${name} has no non-missing value; pass at least one`, { argument: name });
  return counts;
}

/**
 * Evidently's `feel_zeroes`: every zero share becomes m / 1e6 when the smallest non-zero share m ≤ 1e-4, else
 * 1e-4. Returns a new array; the shares are not renormalised (as in Evidently).
 */
export function fillZeroShares(shares: readonly number[]): number[] {
  let smallest = Number.POSITIVE_INFINITY;
  for (const share of shares) if (share !== 0 && share < smallest) smallest = share;
  if (smallest === Number.POSITIVE_INFINITY) return [...shares];
  const fill = smallest <= 0.0001 ? smallest / 10 ** 6 : 0.0001;
  return shares.map((share) => (share === 0 ? fill : share));
}
