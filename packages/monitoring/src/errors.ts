// The one error builder of @plinth/monitoring, and the cheap argument checks shared by every public entry.
// Deliberately zod-free: the statistics (`@plinth/monitoring/stats`) validate with these, so a page that imports
// only `ks2samp` carries no schema library.
import { componentErrors, type PlinthError } from '@plinth/core';

/** Error builders of the `monitoring` component (`[plinth:monitoring] …`). */
export const errors = /* @__PURE__ */ componentErrors('monitoring');

/** A `PLINTH_VALIDATION` error; `message` names the argument and says what to do. */
export function invalid(
  message: string,
  details?: Record<string, unknown>,
): PlinthError<'PLINTH_VALIDATION'> {
  return errors.error('PLINTH_VALIDATION', message, details ? { details } : {});
}

/** A short, bounded rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** True for a non-null, non-array object (options, column records, maps keyed by names). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
  if (options === undefined) return {} as T;
  if (!isPlainObject(options)) {
    throw invalid(`${subject} must be an object, got ${describe(options)}`, { argument: subject });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw invalid(
        `${subject} has an unknown option ${JSON.stringify(key)}; known options: ${allowed.join(', ')}`,
        { argument: subject, key },
      );
    }
  }
  return options;
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
