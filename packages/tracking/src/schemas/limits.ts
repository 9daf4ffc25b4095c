import * as z from 'zod/mini';

/** Latest accepted timestamp: 9999-12-31T23:59:59.999Z, in UTC epoch milliseconds. */
export const MAX_TIMESTAMP = 253_402_300_799_999;

/** Longest run name (MLflow's limit). */
export const MAX_RUN_NAME_LENGTH = 250;

/** An id of a run or experiment as a caller gives it: 1–128 characters of letters, digits, `_` and `-`. */
export const IdSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 characters of letters, digits, _ and -; check the id'),
  );

/** An experiment given by name or id. */
export const ExperimentReferenceSchema = z
  .string()
  .check(z.minLength(1, 'must not be empty'), z.maxLength(256, 'must be at most 256 characters'));

/** Epoch milliseconds from 0 to {@link MAX_TIMESTAMP}. */
export const EpochMsSchema = z
  .number()
  .check(
    z.minimum(0, 'must be epoch milliseconds ≥ 0'),
    z.maximum(MAX_TIMESTAMP, 'must be epoch milliseconds up to year 9999'),
  );

/** A moment given as a `Date` or epoch milliseconds, bounded to years 1970–9999; out: epoch ms. */
export const TimeInputSchema = z.pipe(
  z.union([z.date(), z.number()]),
  z.pipe(
    z.transform((value: Date | number) => (value instanceof Date ? value.getTime() : value)),
    EpochMsSchema,
  ),
);

/** A run name: 1–250 characters. */
export const RunNameSchema = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_RUN_NAME_LENGTH, `must be at most ${MAX_RUN_NAME_LENGTH} characters`),
  );

/** Checks a timestamp given to a hot-path call (no zod): a finite epoch ms in range, or a `Date`. */
export function epochMsOf(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : value;
  return typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMESTAMP ? ms : undefined;
}
