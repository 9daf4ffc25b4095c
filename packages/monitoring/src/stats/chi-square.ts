// Chi-square tests on categorical data: scipy.stats.chi2_contingency on the 2×k table (default) and
// Evidently's goodness-of-fit variant (scipy.stats.chisquare with expected counts from reference shares).
import { checkOptions, describe, invalid, isPlainObject } from '../errors.ts';

import { countCategories, fillZeroShares } from './categories.ts';
import { chi2Sf } from './chi2.ts';
import type { Categorical, StatResult } from './validate.ts';

/** Options of {@link chiSquare} and {@link chiSquareFromCounts}. */
export interface ChiSquareOptions {
  /**
   * `contingency`: two-sample test of homogeneity on the 2×k table of counts (scipy.stats.chi2_contingency).
   * `goodness-of-fit`: Evidently's test of current counts against reference shares (scipy.stats.chisquare).
   * @default 'contingency'
   */
  variant?: 'contingency' | 'goodness-of-fit';
  /** The same as `variant` (the name the result reports it under); give one or the other. */
  method?: 'contingency' | 'goodness-of-fit';
  /** Yates' continuity correction when dof = 1 (contingency only, as scipy's `correction=True`). @default true */
  correction?: boolean;
}

/** Result of a chi-square test. */
export interface ChiSquareResult extends StatResult {
  pValue: number;
  /** `contingency`, `contingency-yates` or `goodness-of-fit`. */
  method: string;
  /** Degrees of freedom: k − 1 for k categories. */
  dof: number;
  /** The categories, in the order the counts were read (reference first, then categories new in current). */
  categories: string[];
}

/**
 * Chi-square test of categorical drift. Missing values (`null`, `undefined`) are left out; every other value
 * is a category by its `String()` form.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when a sample has no non-missing value.
 * @example
 * ```ts
 * chiSquare(['a', 'b', 'b'], ['a', 'a', 'c']).pValue;
 * ```
 */
export function chiSquare(
  reference: Categorical,
  current: Categorical,
  options: ChiSquareOptions = {},
): ChiSquareResult {
  checkOptions(options, CHI_SQUARE_OPTIONS, 'chiSquare options');
  return chiSquareFromCounts(
    countCategories(reference, 'reference'),
    countCategories(current, 'current'),
    options,
  );
}

/**
 * {@link chiSquare} from counts per category (as profiles store them). Categories may be missing from either
 * side (a missing key counts 0).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when a count is negative or not finite, or a side totals 0.
 */
export function chiSquareFromCounts(
  referenceCounts: Record<string, number> | Map<string, number>,
  currentCounts: Record<string, number> | Map<string, number>,
  input: ChiSquareOptions = {},
): ChiSquareResult {
  const options = checkOptions(input, CHI_SQUARE_OPTIONS, 'chiSquareFromCounts options');
  if (options.correction !== undefined && typeof options.correction !== 'boolean') {
    throw invalid(`chi-square correction must be true or false, got ${describe(options.correction)}`, {
      argument: 'correction',
    });
  }
  if (options.variant !== undefined && options.method !== undefined && options.variant !== options.method) {
    throw invalid(
      `chi-square variant ${describe(options.variant)} and method ${describe(options.method)} disagree; give one of them`,
    );
  }
  const variant = options.variant ?? options.method ?? 'contingency';
  if (variant !== 'contingency' && variant !== 'goodness-of-fit') {
    throw invalid(`unknown chi-square variant ${describe(variant)}; use 'contingency' or 'goodness-of-fit'`);
  }
  const referenceMap = toMap(referenceCounts, 'referenceCounts');
  const currentMap = toMap(currentCounts, 'currentCounts');
  const categories = [...referenceMap.keys()];
  for (const key of currentMap.keys()) if (!referenceMap.has(key)) categories.push(key);
  const observedReference = categories.map((key) => referenceMap.get(key) ?? 0);
  const observedCurrent = categories.map((key) => currentMap.get(key) ?? 0);
  const referenceTotal = sum(observedReference);
  const currentTotal = sum(observedCurrent);
  if (referenceTotal <= 0) throw invalid('reference has no counted values; pass a non-empty sample');
  if (currentTotal <= 0) throw invalid('current has no counted values; pass a non-empty sample');
  const dof = categories.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, method: variant, dof, categories };
  if (variant === 'goodness-of-fit') {
    const shares = fillZeroShares(observedReference.map((count) => count / referenceTotal));
    const shareTotal = sum(shares);
    let statistic = 0;
    for (let index = 0; index < categories.length; index++) {
      const expected = (shares[index]! / shareTotal) * currentTotal;
      statistic += (observedCurrent[index]! - expected) ** 2 / expected;
    }
    return { statistic, pValue: chi2Sf(statistic, dof), method: 'goodness-of-fit', dof, categories };
  }
  const total = referenceTotal + currentTotal;
  const yates = dof === 1 && (options.correction ?? true);
  let statistic = 0;
  for (const [row, rowTotal] of [
    [observedReference, referenceTotal],
    [observedCurrent, currentTotal],
  ] as const) {
    for (let index = 0; index < categories.length; index++) {
      const expected = (rowTotal * (observedReference[index]! + observedCurrent[index]!)) / total;
      let observed = row[index]!;
      if (yates) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return {
    statistic,
    pValue: chi2Sf(statistic, dof),
    method: yates ? 'contingency-yates' : 'contingency',
    dof,
    categories,
  };
}

const CHI_SQUARE_OPTIONS = ['variant', 'method', 'correction'];

function toMap(counts: Record<string, number> | Map<string, number>, name: string): Map<string, number> {
  if (!(counts instanceof Map) && !isPlainObject(counts)) {
    throw invalid(`${name} must be a Map or an object of category → count, got ${describe(counts)}`, {
      argument: name,
    });
  }
  const entries = counts instanceof Map ? [...counts.entries()] : Object.entries(counts);
  for (const [key, value] of entries) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw invalid(`${name}["${key}"] is ${describe(value)}; counts must be finite and ≥ 0`, {
        argument: name,
        key,
      });
    }
  }
  return new Map(entries);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
