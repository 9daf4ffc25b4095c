import * as z from 'zod/mini';
import { hasControlCharacters } from './control-characters.ts';

/** Longest name accepted by {@link NameSchema}. */
export const MAX_NAME_LENGTH = 256;
/** Longest key accepted by {@link KeySchema} (MLflow's limit for metric, param and tag keys). */
export const MAX_KEY_LENGTH = 250;

/**
 * The name of a user-facing object: an experiment, a registered model, a feature view, an alias.
 * 1–256 characters; letters (any script), digits, space and `_ . - :`; starts with a letter or digit;
 * never contains `..`.
 */
export const NameSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`),
    z.regex(
      /^[\p{L}\p{N}][\p{L}\p{N}_.\-: ]*$/u,
      'may use letters, digits, space and _ . - : and must start with a letter or digit',
    ),
    z.refine((value: string) => !value.includes('..'), 'must not contain ".."'),
  ),
);
/** A validated name; see {@link NameSchema}. */
export type Name = z.infer<typeof NameSchema>;

/**
 * A key for a metric, param or tag, or a relative artifact path: 1–250 characters of `[/\w.\- :]`,
 * no leading `/`, no empty, `.` or `..` segment.
 */
export const KeySchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`),
    z.regex(/^[/\w.\- :]+$/, 'may only use letters, digits, space and _ - . / :'),
    z.refine(
      (value: string) => isSafeRelativePath(value),
      'must be a relative path without empty, "." or ".." segments',
    ),
  ),
);
/** A validated key; see {@link KeySchema}. */
export type Key = z.infer<typeof KeySchema>;

/**
 * A relative path for an artifact inside a run or model version: up to 1024 characters, any script,
 * no control characters or backslashes, no leading `/`, no empty, `.` or `..` segment.
 */
export const RelativePathSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(1024, 'must be at most 1024 characters'),
    z.refine((value: string) => !hasControlCharacters(value), 'must not contain control characters'),
    z.refine((value: string) => !value.includes('\\'), 'must use "/" as separator, not "\\"'),
    z.refine(
      (value: string) => isSafeRelativePath(value),
      'must be a relative path without empty, "." or ".." segments',
    ),
  ),
);

/** True when `value` has no leading `/`, and no empty, `.` or `..` segment. */
export function isSafeRelativePath(value: string): boolean {
  if (typeof value !== 'string' || value.startsWith('/')) return false;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
