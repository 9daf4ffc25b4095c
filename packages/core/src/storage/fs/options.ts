import { checkOptionsObject, checks, type FieldCheck } from '../arguments.ts';

/**
 * Options of `fsStorage`.
 *
 * @example
 * ```ts
 * const options: FsStorageOptions = { dir: './.plinth', fsync: true, lockStaleMs: 10_000 };
 * ```
 */
export interface FsStorageOptions {
  /** Directory holding the store; created (with its parents) if missing. */
  dir: string;
  /** Flush file data and directory entries to disk before a write resolves. @default true */
  fsync?: boolean;
  /** A lock file older than this (milliseconds) is judged abandoned and stolen. @default 10_000 */
  lockStaleMs?: number;
  /** Longest wait for a key's lock (milliseconds) before `PLINTH_TIMEOUT`. @default 30_000 */
  lockTimeoutMs?: number;
  /** Adapter name in messages. @default 'fs' */
  name?: string;
}

/** Longest timer delay (setTimeout's limit). */
const MAX_DELAY_MS = 2 ** 31 - 1;

const directory: FieldCheck = (value) => {
  if (typeof value !== 'string' || value === '') return 'must be a non-empty directory path';
  if (value.length > 4096) return 'must be at most 4096 characters';
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  return undefined;
};

/**
 * Checks the options of `fsStorage`; unknown options are rejected.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming each offending option.
 */
export function checkFsStorageOptions(options: unknown): asserts options is FsStorageOptions {
  checkOptionsObject(
    options,
    {
      dir: directory,
      fsync: checks.boolean,
      lockStaleMs: checks.integer(1, MAX_DELAY_MS),
      lockTimeoutMs: checks.integer(1, MAX_DELAY_MS),
      name: checks.text(64),
    },
    { component: 'storage:fs', subject: 'fsStorage options', required: ['dir'] },
  );
}

/** Default of `lockStaleMs`. */
export const DEFAULT_LOCK_STALE_MS = 10_000;
/** Default of `lockTimeoutMs`. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
