// Evidently's two-proportion z-test for categorical drift.
import { checkOptions, invalid } from '../errors.ts';
import { countCategories } from './categories.ts';
import { normalSf } from './normal.ts';
import type { Categorical, StatResult } from './validate.ts';

/** Options of {@link zTest}. */
export interface ZTestOptions {
  /**
   * The category whose share is compared. Default: Evidently's choice, the first of the sorted union of
   * categories (numerically when every category is a number, else by string order).
   */
  category?: string;
}

/** Result of {@link zTest}. */
export interface ZTestResult extends StatResult {
  pValue: number;
  method: 'z-test';
  /** The category whose share was compared. */
  category: string;
}

/**
 * Two-proportion z-test (Evidently's `z` stat test): with p₁, p₂ the shares of values *other than* `category`
 * in reference and current and P the pooled share, z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)) and
 * p = 2·(1 − Φ(|z|)), computed as 2·Φ(−|z|). When both samples hold one and the same single value, p = 1.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when a sample has no non-missing value.
 * @example
 * ```ts
 * zTest(['yes', 'no', 'yes'], ['no', 'no', 'yes']).pValue;
 * ```
 */
export function zTest(reference: Categorical, current: Categorical, input: ZTestOptions = {}): ZTestResult {
  const options = checkOptions(input, ['category'], 'zTest options');
  if (options.category !== undefined && typeof options.category !== 'string') {
    throw invalid('zTest category must be a string (the String() form of the value)', {
      argument: 'category',
    });
  }
  const referenceCounts = countCategories(reference, 'reference');
  const currentCounts = countCategories(current, 'current');
  const keys = new Set([...referenceCounts.keys(), ...currentCounts.keys()]);
  const category = options.category ?? firstSorted([...keys]);
  if (keys.size === 1) return { statistic: 0, pValue: 1, method: 'z-test', category };
  const n1 = total(referenceCounts);
  const n2 = total(currentCounts);
  const p1 = (n1 - (referenceCounts.get(category) ?? 0)) / n1;
  const p2 = (n2 - (currentCounts.get(category) ?? 0)) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const pValue = Number.isNaN(z) ? 1 : 2 * normalSf(Math.abs(z));
  return { statistic: z, pValue: Math.min(pValue, 1), method: 'z-test', category };
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

function firstSorted(keys: string[]): string {
  const numeric = keys.every((key) => key.trim() !== '' && Number.isFinite(Number(key)));
  const sorted = numeric ? keys.sort((a, b) => Number(a) - Number(b)) : keys.sort();
  return sorted[0]!;
}
