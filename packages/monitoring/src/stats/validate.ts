// Input checks shared by the statistics: reject empty and non-finite input with PLINTH_VALIDATION.
import { PlinthError } from '@plinth/core';
import { radixSortFloat64 } from './radix-sort.ts';

/** Numeric sample: a plain array or any typed array of numbers. */
export type Numeric = ArrayLike<number>;

/** Categorical sample: strings, numbers or booleans; `null` / `undefined` count as missing. */
export type Categorical = ArrayLike<string | number | boolean | null | undefined>;

/** What every statistic returns: the statistic, a p-value where one is defined, and how it was computed. */
export interface StatResult {
  /** The test statistic or distance. */
  statistic: number;
  /** The p-value, for hypothesis tests. */
  pValue?: number;
  /** How the value was computed (`exact`, `asymp`, `contingency`, …). */
  method: string;
  [extra: string]: unknown;
}

/** A PLINTH_VALIDATION error from the monitoring statistics. */
export function validationError(
  message: string,
  details?: Record<string, unknown>,
): PlinthError<'PLINTH_VALIDATION'> {
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: 'monitoring',
    message,
    ...(details ? { details } : {}),
  });
}

/** Throws unless `values` is non-empty. */
export function assertNonEmpty(values: ArrayLike<unknown>, name: string): void {
  if (values.length === 0) {
    throw validationError(`${name} is empty; pass at least one value`, { argument: name });
  }
}

/** Throws at the first non-finite value (NaN or ±Infinity); remove them before calling (detectDrift does). */
export function assertFinite(values: Numeric, name: string): void {
  assertNonEmpty(values, name);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value - value !== 0) throw nonFinite(name, index, value);
  }
}

function nonFinite(name: string, index: number, value: number) {
  return validationError(
    `${name}[${index}] is ${value}; drop NaN and ±Infinity before computing drift statistics`,
    { argument: name, index },
  );
}

/**
 * One Float64Array copy of `values`, sorted ascending in place by {@link radixSortFloat64} (the only copy of the
 * input the KS test makes; the radix sort's key buffers are scratch, reused up to 2^20 values). The sort orders
 * by IEEE-754 bits, so −Infinity and any NaN with the sign bit come first, +Infinity and any other NaN last:
 * checking both ends after the sort validates every value without another pass; the offending index is looked
 * up only on failure.
 */
export function sortedCopy(values: Numeric, name: string): Float64Array {
  assertNonEmpty(values, name);
  let copy: Float64Array;
  if (values instanceof Float64Array) copy = values.slice();
  else if (values instanceof Float32Array) copy = Float64Array.from(values);
  else {
    copy = new Float64Array(values.length);
    for (let index = 0; index < values.length; index++) copy[index] = values[index]!;
  }
  radixSortFloat64(copy);
  const first = copy[0]!;
  const last = copy[copy.length - 1]!;
  if (first - first !== 0 || last - last !== 0) {
    for (let index = 0; index < values.length; index++) {
      const value = values[index]!;
      if (value - value !== 0) throw nonFinite(name, index, value);
    }
  }
  return copy;
}

/** Throws unless `values` is sorted ascending and finite (cheap check for the *Sorted entry points). */
export function assertSorted(values: Float64Array, name: string): void {
  assertNonEmpty(values, name);
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value - value !== 0) throw nonFinite(name, index, value);
    if (value < previous) {
      throw validationError(
        `${name} is not sorted ascending at index ${index}; sort it or call the unsorted variant`,
        {
          argument: name,
          index,
        },
      );
    }
    previous = value;
  }
}
