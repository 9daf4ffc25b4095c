import { errors } from '../internal/errors.ts';

export { errors };

/** Route and shadow names: letters, digits, `_`, `.`, `-`, starting with a letter or digit, 1–64 characters. */
export const ROUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A short, bounded rendering of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/**
 * Checks an options argument: `undefined` (→ `{}`) or a plain object whose keys are all in `allowed`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming `subject` and the unknown key.
 */
export function checkOptionKeys(
  input: unknown,
  allowed: readonly string[],
  subject: string,
): Record<string, unknown> {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw errors.invalid(subject, { path: '', message: `must be an object, got ${describe(input)}` });
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      throw errors.invalid(subject, { path: key, message: `unknown option; known: ${allowed.join(', ')}` });
    }
  }
  return input as Record<string, unknown>;
}
