import { describe, invalid } from '../errors.ts';
import { categoryKey } from '../profile/categorical-accumulator.ts';
import type { Cell } from '../profile/table.ts';
import { radixSortFloat64 } from '../stats/radix-sort.ts';
import type { RemovedCounts } from './types.ts';

/** Finite values of a numeric column, sorted, with what was removed. */
export interface NumericSample {
  kind: 'numeric';
  sorted: Float64Array;
  removed: RemovedCounts;
}

/** Category counts of a column, with what was removed. */
export interface CategoricalSample {
  kind: 'categorical';
  counts: Map<string, number>;
  n: number;
  removed: RemovedCounts;
}

/** Builds {@link RemovedCounts}. */
export function removedCounts(
  rows: number,
  nulls: number,
  nan: number,
  positive: number,
  negative: number,
): RemovedCounts {
  const missing = nulls + nan + positive + negative;
  return {
    rows,
    nulls,
    nan,
    positiveInfinity: positive,
    negativeInfinity: negative,
    nanShare: rows === 0 ? 0 : missing / rows,
  };
}

/**
 * Sorted finite values of a numeric column; NaN, ±Infinity and missing cells are counted, not kept.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when a cell is not a number (a categorical column on one side).
 */
export function numericSample(values: ArrayLike<Cell>, column: string, side: string): NumericSample {
  const length = values.length;
  const out = new Float64Array(length);
  let n = 0;
  let nulls = 0;
  let nan = 0;
  let positive = 0;
  let negative = 0;
  const typed =
    ArrayBuffer.isView(values) && !(values instanceof BigInt64Array || values instanceof BigUint64Array);
  for (let index = 0; index < length; index++) {
    let value = values[index];
    if (!typed && typeof value !== 'number') {
      if (value === null || value === undefined) {
        nulls++;
        continue;
      }
      if (typeof value !== 'bigint') {
        throw invalid(
          `column "${column}" is numeric but the ${side} holds ${typeof value} ${describe(value)} at row ${index}; pass the same column types in reference and current, or declare the column categorical`,
          { column, side, row: index },
        );
      }
      value = Number(value);
    }
    const number = value as number;
    if (number - number === 0) out[n++] = number;
    else if (Number.isNaN(number)) nan++;
    else if (number > 0) positive++;
    else negative++;
  }
  const sorted = radixSortFloat64(out.subarray(0, n));
  return { kind: 'numeric', sorted, removed: removedCounts(length, nulls, nan, positive, negative) };
}

/**
 * Category counts of a column (numbers and booleans counted by their string form); NaN and missing are removed.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when a cell is an object.
 */
export function categoricalSample(values: ArrayLike<Cell>, column: string, side: string): CategoricalSample {
  const counts = new Map<string, number>();
  let nulls = 0;
  let nan = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      nulls++;
      continue;
    }
    if (typeof value === 'number' && Number.isNaN(value)) {
      nan++;
      continue;
    }
    if (typeof value === 'object') {
      throw invalid(
        `column "${column}" holds an object in the ${side} at row ${index}; categorical cells must be strings, numbers or booleans`,
        { column, side, row: index },
      );
    }
    const key = categoryKey(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const n = values.length - nulls - nan;
  return { kind: 'categorical', counts, n, removed: removedCounts(values.length, nulls, nan, 0, 0) };
}

/** Counts of each distinct value of a sorted numeric sample, keyed by string form. */
export function valueCounts(sorted: Float64Array): Map<string, number> {
  const counts = new Map<string, number>();
  let index = 0;
  while (index < sorted.length) {
    const value = sorted[index]!;
    let end = index + 1;
    while (end < sorted.length && sorted[end] === value) end++;
    counts.set(String(value), end - index);
    index = end;
  }
  return counts;
}

/** Distinct values of a sorted sample, counting no further than `limit + 1`. */
export function distinctSorted(
  sorted: Float64Array,
  limit: number,
  seen: Set<number> = new Set(),
): Set<number> {
  let previous = Number.NaN;
  for (let index = 0; index < sorted.length && seen.size <= limit; index++) {
    const value = sorted[index]!;
    if (value !== previous) seen.add(value === 0 ? 0 : value);
    previous = value;
  }
  return seen;
}
