import * as z from 'zod/mini';
/** Validates the options of `fsStorage`. */
export const FsStorageOptionsSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    /** Directory holding the store; created (with its parents) if missing. */
    dir: z.string().check(z.minLength(1, 'must be a non-empty directory path')),
    /** Flush file data and directory entries to disk before a write resolves. @default true */
    fsync: z.optional(z.boolean()),
    /** A lock file older than this is judged abandoned and stolen. @default 10_000 */
    lockStaleMs: z.optional(z.int().check(z.positive())),
    /** Longest wait for a key's lock before `PLINTH_TIMEOUT`. @default 30_000 */
    lockTimeoutMs: z.optional(z.int().check(z.positive())),
    /** Adapter name in messages. @default 'fs' */
    name: z.optional(z.string().check(z.minLength(1))),
  }),
);

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
