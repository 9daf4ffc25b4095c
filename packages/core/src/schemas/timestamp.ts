import * as z from 'zod/mini';

/** A moment as given by a caller: a `Date`, epoch milliseconds, or an ISO 8601 string (naive means UTC). */
export type TimestampInput = Date | number | string;

const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Converts a timestamp input to UTC epoch milliseconds, or `undefined` when it is not one.
 * Naive ISO strings (no zone) are read as UTC; sub-millisecond digits are truncated.
 */
export function toEpochMs(value: TimestampInput): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(' ', 'T');
  let normalized: string;
  if (NAIVE_ISO.test(value.trim())) normalized = text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`;
  else if (ISO_WITH_ZONE.test(value.trim())) normalized = text;
  else return undefined;
  const ms = Date.parse(normalized.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A timestamp in: `Date`, epoch ms, or ISO 8601 string (naive means UTC). Out: UTC epoch milliseconds.
 *
 * @example
 * ```ts
 * TimestampSchema.parse('2024-05-01T12:00:00'); // 1714564800000
 * ```
 */
export const TimestampSchema = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.union([z.date(), z.number(), z.string()]),
    z.transform((value: Date | number | string, payload) => {
      const ms = toEpochMs(value);
      if (ms === undefined) {
        payload.issues.push({
          code: 'custom',
          input: value,
          message: 'must be a Date, finite epoch milliseconds, or an ISO 8601 string',
        });
        return z.NEVER;
      }
      return ms;
    }),
  ),
);
/** UTC epoch milliseconds. */
export type EpochMs = number;
