import { z } from 'zod';

/** Validates the options of `fsStorage`. */
export const FsStorageOptionsSchema = z.object({
  /** Directory holding the store; created (with its parents) if missing. */
  dir: z.string().min(1, 'must be a non-empty directory path'),
  /** Flush file data and directory entries to disk before a write resolves. @default true */
  fsync: z.boolean().optional(),
  /** A lock file older than this is judged abandoned and stolen. @default 10_000 */
  lockStaleMs: z.number().int().positive().optional(),
  /** Longest wait for a key's lock before `PLINTH_TIMEOUT`. @default 30_000 */
  lockTimeoutMs: z.number().int().positive().optional(),
  /** Adapter name in messages. @default 'fs' */
  name: z.string().min(1).optional(),
});

/**
 * Options of `fsStorage`.
 *
 * @example
 * ```ts
 * const options: FsStorageOptions = { dir: './.plinth', fsync: true, lockStaleMs: 10_000 };
 * ```
 */
export type FsStorageOptions = z.input<typeof FsStorageOptionsSchema>;

/** Default of `lockStaleMs`. */
export const DEFAULT_LOCK_STALE_MS = 10_000;
/** Default of `lockTimeoutMs`. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
