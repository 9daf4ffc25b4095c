import { describeValue as describe } from '@plinth/core/adapter';
import { errors } from '../internal/errors.ts';

export { describe, errors };

/** Route and shadow names: letters, digits, `_`, `.`, `-`, starting with a letter or digit, 1–64 characters. */
export const ROUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

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
