// The one error builder of @plinth/monitoring, and the cheap argument checks shared by every public entry.
// Deliberately zod-free: the statistics (`@plinth/monitoring/stats`) validate with these, so a page that imports
// only `ks2samp` carries no schema library.
import { componentErrors, type PlinthError } from '@plinth/core';
import { checkOptionKeys, describeValue as describe } from '@plinth/core/adapter';

/** Error builders of the `monitoring` component (`[plinth:monitoring] …`). */
export const errors = /* @__PURE__ */ componentErrors('monitoring');

/** A `PLINTH_VALIDATION` error; `message` names the argument and says what to do. */
export function invalid(
  message: string,
  details?: Record<string, unknown>,
): PlinthError<'PLINTH_VALIDATION'> {
  return errors.error('PLINTH_VALIDATION', message, details ? { details } : {});
}

export { describeValue as describe, isPlainObject } from '@plinth/core/adapter';

/**
 * Checks an options argument: `undefined` or an object whose own keys are all in `allowed`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming `subject` and the unknown key.
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  allowed: readonly string[],
  subject: string,
): T {
  return checkOptionKeys<T>(errors, options, allowed, subject, { optional: true });
}

/** The own value of `key` in a user map (never an inherited `constructor` or `toString`). */
export function own<V>(map: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Checks an array-like argument (an array or a typed array).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the argument.
 */
export function checkArrayLike(value: unknown, name: string): asserts value is ArrayLike<unknown> {
  if (
    typeof value !== 'object' ||
    value === null ||
    !(Array.isArray(value) || ArrayBuffer.isView(value)) ||
    value instanceof DataView
  ) {
    throw invalid(`${name} must be an array or a typed array, got ${describe(value)}`, { argument: name });
  }
}

/**
 * Checks a number option: finite, within [min, max], whole when `integer`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the option and the accepted range.
 */
export function checkNumber(
  value: unknown,
  name: string,
  range: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.exclusiveMin ? value > min : value >= min) &&
    value <= max &&
    (!range.integer || Number.isInteger(value));
  if (!ok) {
    const bounds = [
      Number.isFinite(min) ? `${range.exclusiveMin ? '>' : '≥'} ${min}` : '',
      Number.isFinite(max) ? `≤ ${max}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw invalid(
      `${name} must be a finite ${range.integer ? 'whole ' : ''}number${bounds ? ` ${bounds}` : ''}, got ${describe(value)}`,
      { argument: name },
    );
  }
  return value as number;
}

/** Checks an optional function option. */
export function checkFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw invalid(`${name} must be a function, got ${describe(value)}`, { argument: name });
  }
}
