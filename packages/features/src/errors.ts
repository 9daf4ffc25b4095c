// The one error builder of @plinth/features, and the small argument checks shared by every public entry.
import { componentErrors, type PlinthError } from '@plinth/core';
import { checkOptionKeys, describeValue as describe } from '@plinth/core/adapter';

/** Error builders of the `features` component (`[plinth:features] …`). */
export const errors = /* @__PURE__ */ componentErrors('features');

/** A `PLINTH_VALIDATION` error; `message` names the argument and says what to do. */
export function invalid(
  message: string,
  details?: Record<string, unknown>,
): PlinthError<'PLINTH_VALIDATION'> {
  return errors.error('PLINTH_VALIDATION', message, details ? { details } : {});
}

export { describeValue as describe, isPlainObject } from '@plinth/core/adapter';

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
  return checkOptionKeys<T>(errors, options, allowed, subject, { optional });
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
