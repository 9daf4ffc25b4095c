// Argument checks shared by the packages' public entries (features, monitoring, serving): zod-free, so a page
// that imports only a statistic carries no schema library. Exported from `@plinth/core/adapter`.
import type { ComponentErrors } from './errors/component-errors.ts';

/**
 * A short, bounded rendering of a bad value for an error message: `null`, `an array of 3`, a string cut at 40
 * characters, `12n`, `Date(2026-01-01T00:00:00.000Z)`, `an object`, `a function`, or the number as written.
 *
 * @example
 * ```ts
 * throw errors.error('PLINTH_VALIDATION', `bins must be a whole number, got ${describeValue(bins)}`);
 * ```
 */
export function describeValue(value: unknown): string {
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

/** True for a non-null, non-array object (an options argument, a record of columns, a map keyed by names). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Settings of {@link checkOptionKeys}. */
export interface CheckOptionKeysSettings {
  /** Accept `undefined` (and return `{}`) instead of throwing. @default false */
  optional?: boolean;
}

/**
 * Checks an options argument: an object whose own keys are all in `allowed` (`__proto__` is a key like any
 * other), or `undefined` when `optional`. The values are the caller's to check.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` from `errors`, naming `subject` and the unknown key
 *   (`details.argument`, `details.key`).
 * @example
 * ```ts
 * const options = checkOptionKeys<ZTestOptions>(errors, input, ['category'], 'zTest options', { optional: true });
 * ```
 */
export function checkOptionKeys<T extends object>(
  errors: ComponentErrors,
  options: unknown,
  allowed: readonly string[],
  subject: string,
  settings: CheckOptionKeysSettings = {},
): T {
  if (options === undefined && settings.optional) return {} as T;
  if (!isPlainObject(options)) {
    throw errors.error('PLINTH_VALIDATION', `${subject} must be an object, got ${describeValue(options)}`, {
      details: { argument: subject },
    });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw errors.error(
        'PLINTH_VALIDATION',
        `${subject} has an unknown option ${JSON.stringify(key)}; known options: ${allowed.join(', ')}`,
        { details: { argument: subject, key } },
      );
    }
  }
  return options as T;
}
