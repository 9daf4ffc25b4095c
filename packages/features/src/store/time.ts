import { describe, invalid } from '../errors.ts';

/** A point in time: a `Date`, epoch milliseconds, or an ISO 8601 string with `Z` or an offset. */
export type TimeInput = Date | number | string;

/**
 * Converts a time argument to epoch ms.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on an invalid date, a non-finite number or a string without a zone.
 */
export function toEpochMs(value: unknown, what: string): number {
  let ms = Number.NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && value.length <= 64) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value.replace(' ', 'T')}Z`;
    ms = Date.parse(zoned);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw invalid(
      `${what} must be a Date, epoch milliseconds or an ISO 8601 string, got ${describe(value)}`,
      { argument: what },
    );
  }
  return ms;
}
