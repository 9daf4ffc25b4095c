import { PlinthError } from '../errors/plinth-error.ts';
import { hasControlCharacters } from '../schemas/control-characters.ts';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './port.ts';

/** Longest storage key, in characters. */
export const MAX_STORAGE_KEY_LENGTH = 1024;

/** Why `key` is not a valid storage key, or `undefined` when it is. */
export function storageKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return 'must be a string';
  if (key.length === 0) return 'must not be empty';
  if (key.length > MAX_STORAGE_KEY_LENGTH) return `must be at most ${MAX_STORAGE_KEY_LENGTH} characters`;
  if (!key.isWellFormed()) return 'must be well-formed Unicode (no lone surrogates)';
  if (hasControlCharacters(key)) return 'must not contain control characters';
  if (key.includes('\\')) return 'must not contain "\\"; use "/" to separate segments';
  if (key.startsWith('/')) return 'must be relative (no leading "/")';
  for (const segment of key.split('/')) {
    if (segment === '') return 'must not have empty segments (leading, trailing or double "/")';
    if (segment === '.' || segment === '..') return 'must not have "." or ".." segments';
  }
  return undefined;
}

/**
 * Throws unless `key` is a valid storage key (see `StorageAdapter`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the key and the rule it breaks.
 */
export function assertStorageKey(key: unknown, component: string): asserts key is string {
  const problem = storageKeyProblem(key);
  if (problem !== undefined) throw keyError('key', key, problem, component);
}

function keyError(
  argument: 'key' | 'prefix',
  value: unknown,
  problem: string,
  component: string,
): PlinthError {
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
      : value === null
        ? 'null'
        : typeof value;
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component,
    message: `storage ${argument} ${shown} ${problem}`,
    details: { issues: [{ path: argument, message: problem }] },
  });
}

/**
 * Throws unless `prefix` can prefix a valid key: empty, or a key that may end with `/` or stop mid-segment.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the prefix.
 */
export function assertStoragePrefix(prefix: unknown, component: string): asserts prefix is string {
  if (prefix === '') return;
  if (typeof prefix !== 'string') throw keyError('prefix', prefix, 'must be a string', component);
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  const probe = trimmed === '.' || trimmed.endsWith('/.') ? `${trimmed}x` : trimmed;
  const problem = storageKeyProblem(probe);
  if (problem !== undefined) throw keyError('prefix', prefix, problem, component);
}

/** Page size from list options, clamped to `[1, MAX_LIST_LIMIT]`. */
export function listLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (!Number.isFinite(limit) || limit < 1) return 1;
  return Math.min(Math.floor(limit), MAX_LIST_LIMIT);
}

/**
 * Pages a sorted array of keys: those starting with `prefix` and greater than `cursor`.
 * Binary search, so a page costs O(log n + limit).
 */
export function pageSortedKeys(
  sorted: readonly string[],
  prefix: string,
  options: { cursor?: string; limit?: number } = {},
): { keys: string[]; cursor?: string } {
  const limit = listLimit(options.limit);
  const from = options.cursor !== undefined && options.cursor >= prefix ? options.cursor : prefix;
  let index = lowerBound(sorted, from);
  if (options.cursor !== undefined && sorted[index] === options.cursor) index += 1;
  const keys: string[] = [];
  while (index < sorted.length && keys.length < limit) {
    const key = sorted[index]!;
    if (!key.startsWith(prefix)) break;
    keys.push(key);
    index += 1;
  }
  const more = index < sorted.length && sorted[index]!.startsWith(prefix);
  return more ? { keys, cursor: keys[keys.length - 1]! } : { keys };
}

/** Index of the first element ≥ `value` in a sorted array. */
export function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
