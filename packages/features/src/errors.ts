// The one error builder of @plinth/features, and the small argument checks shared by every public entry.
import { componentErrors, type PlinthError } from '@plinth/core';

/** Error builders of the `features` component (`[plinth:features] …`). */
export const errors = /* @__PURE__ */ componentErrors('features');

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
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks an options argument: an object whose own keys are all in `allowed` (`undefined` only when `optional`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming `subject` and the unknown key.
 */
export function checkOptions<T extends object>(
  options: unknown,
  allowed: readonly string[],
  subject: string,
  optional = false,
): T {
  if (options === undefined && optional) return {} as T;
  if (!isPlainObject(options)) {
    throw invalid(`${subject} must be an object, got ${describe(options)}`, { argument: subject });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw invalid(
        `${subject} has an unknown option ${JSON.stringify(key)}; known options: ${allowed.join(', ')}`,
        {
          argument: subject,
          key,
        },
      );
    }
  }
  return options as T;
}

/** Checks an optional function option. */
export function checkFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw invalid(`${name} must be a function, got ${describe(value)}`, { argument: name });
  }
}

/** Checks an optional boolean option. */
export function checkBoolean(value: unknown, name: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw invalid(`${name} must be true or false, got ${describe(value)}`, { argument: name });
  }
  return value;
}

/** Checks a non-empty string argument of at most `max` characters. */
export function checkString(value: unknown, name: string, max = 4096): string {
  if (typeof value !== 'string' || value === '' || value.length > max) {
    throw invalid(`${name} must be a non-empty string of at most ${max} characters, got ${describe(value)}`, {
      argument: name,
    });
  }
  return value;
}
