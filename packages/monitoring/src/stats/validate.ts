// Input checks shared by the statistics: cheap, hand-written (no schema library), PLINTH_VALIDATION on failure.
import { checkArrayLike, describe, invalid } from '../errors.ts';
import { sortFloat64Copy } from './radix-sort.ts';

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

/** Throws unless `values` is a non-empty array or typed array. */
export function assertNonEmpty(values: unknown, name: string): asserts values is ArrayLike<unknown> {
  checkArrayLike(values, name);
  if (values.length === 0) {
    throw invalid(`${name} is empty; pass at least one value`, { argument: name });
  }
}

/** Throws at the first value that is not a finite number (NaN, ±Infinity, a string…); remove them first. */
export function assertFinite(values: Numeric, name: string): void {
  assertNonEmpty(values, name);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (typeof value !== 'number' || value - value !== 0) throw nonFinite(name, index, value);
  }
}

function nonFinite(name: string, index: number, value: unknown) {
  return invalid(
    `${name}[${index}] is ${describe(value)}; pass finite numbers (drop NaN and ±Infinity before computing drift statistics)`,
    { argument: name, index },
  );
}

/** `values` as a Float64Array (itself when it is one), throwing at the first cell that is not a number. */
function asFloat64(values: Numeric, name: string): Float64Array {
  assertNonEmpty(values, name);
  if (values instanceof Float64Array) return values;
  if (ArrayBuffer.isView(values) && !(values instanceof BigInt64Array || values instanceof BigUint64Array)) {
    return Float64Array.from(values as ArrayLike<number>);
  }
  const length = values.length;
  const source = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    const value = values[index];
    if (typeof value !== 'number') throw nonFinite(name, index, value);
    source[index] = value;
  }
  return source;
}

/**
 * `values` as a Float64Array of finite numbers (no copy when it is a Float64Array already).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` at the first value that is not a finite number, or when empty.
 */
export function finiteFloat64(values: Numeric, name: string): Float64Array {
  const source = asFloat64(values, name);
  for (let index = 0; index < source.length; index++) {
    const value = source[index]!;
    if (value - value !== 0) throw nonFinite(name, index, value);
  }
  return source;
}

/**
 * One Float64Array copy of `values`, sorted ascending (see {@link sortFloat64Copy}). The sort puts −Infinity
 * first and +Infinity and NaN last: checking both ends after the sort validates every value without another
 * pass; the offending index is looked up only on failure.
 */
export function sortedCopy(values: Numeric, name: string): Float64Array {
  const source = asFloat64(values, name);
  const copy = sortFloat64Copy(source);
  const first = copy[0]!;
  const last = copy[copy.length - 1]!;
  if (first - first !== 0 || last - last !== 0) finiteFloat64(source, name);
  return copy;
}

/** Throws unless `values` is a Float64Array sorted ascending and finite (cheap check for the *Sorted entry points). */
export function assertSorted(values: Float64Array, name: string): void {
  if (!(values instanceof Float64Array)) {
    throw invalid(`${name} must be a Float64Array sorted ascending, got ${describe(values)}`, {
      argument: name,
    });
  }
  assertNonEmpty(values, name);
  let previous = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value - value !== 0) throw nonFinite(name, index, value);
    if (value < previous) {
      throw invalid(
        `${name} is not sorted ascending at index ${index}; sort it or call the unsorted variant`,
        { argument: name, index },
      );
    }
    previous = value;
  }
}
