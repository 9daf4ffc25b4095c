import type { OnlineValue } from '../port.ts';

/**
 * A feature value as a Redis hash field: a one-letter type tag and its text. `z` null, `n` number (any double:
 * `n-0`, `nNaN`, `nInfinity` included), `i` bigint, `s` string, `t`/`f` booleans.
 */
export function encodeValue(value: OnlineValue | undefined): string {
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 'n-0' : `n${value}`;
    case 'string':
      return `s${value}`;
    case 'bigint':
      return `i${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    default:
      return 'z';
  }
}

/**
 * `JSON.stringify(encodeValue(value))`, without JSON's escaping where no character needs it: every tagged text
 * but a string's is plain ASCII without quotes or backslashes.
 */
export function taggedJson(value: OnlineValue | undefined): string {
  return typeof value === 'string' ? JSON.stringify(`s${value}`) : `"${encodeValue(value)}"`;
}

/**
 * A stored number: JS's spelling (`NaN`, `Infinity`, `-Infinity`, as `encodeValue` writes) or DuckDB's (`nan`,
 * `inf`, `-inf`, as rows built in SQL hold).
 */
export function numberOf(text: string): number {
  const value = Number(text);
  if (!Number.isNaN(value)) return value;
  if (text === 'inf') return Number.POSITIVE_INFINITY;
  if (text === '-inf') return Number.NEGATIVE_INFINITY;
  return value;
}

/**
 * The value of a stored field (`null` when the field is absent).
 * @throws {Error} on a field this store did not write (the caller wraps it in `PLINTH_STORAGE`).
 */
export function decodeValue(text: unknown): OnlineValue {
  if (text === null || text === undefined) return null;
  const field = String(text);
  switch (field[0]) {
    case 'n':
      return numberOf(field.slice(1));
    case 's':
      return field.slice(1);
    case 'i':
      return BigInt(field.slice(1));
    case 't':
      return true;
    case 'f':
      return false;
    case 'z':
      return null;
    default:
      throw new Error(`unknown value tag in ${JSON.stringify(field.slice(0, 20))}`);
  }
}
