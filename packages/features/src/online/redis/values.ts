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

/** Exact powers of ten: every one up to 1e22 is a double. */
const POWERS = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** 2^53: integers up to it are exact doubles. */
const EXACT = 2 ** 53;

/**
 * The number spelled by `text[start, end)`, read in place (no substring) when it is a plain decimal whose digits,
 * as an integer, are at most 2^53 and whose scale is within 10^±22: that integer and that power of ten are exact
 * doubles, so one multiplication or division rounds once, to the nearest double, as `Number` does (Clinger's fast
 * path). Any other spelling goes to {@link numberOf}.
 */
export function numberIn(text: string, start: number, end: number): number {
  let at = start;
  const negative = text.charCodeAt(at) === 45; // -
  if (negative) at++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (dot) scale--;
    } else if (code === 46 && !dot) {
      dot = true;
    } else break;
  }
  if (at < end && (text.charCodeAt(at) | 32) === 101) {
    // e, E: an exponent
    at++;
    const sign = text.charCodeAt(at) === 45 ? -1 : 1;
    if (text.charCodeAt(at) === 45 || text.charCodeAt(at) === 43) at++;
    let exponent = 0;
    const from = at;
    for (; at < end && at - from < 6; at++) {
      const code = text.charCodeAt(at);
      if (code < 48 || code > 57) break;
      exponent = exponent * 10 + (code - 48);
    }
    if (at === from) return numberOf(text.slice(start, end));
    scale += sign * exponent;
  }
  if (at !== end || digits === 0 || mantissa > EXACT || scale < -22 || scale > 22)
    return numberOf(text.slice(start, end));
  const value = scale < 0 ? mantissa / POWERS[-scale]! : mantissa * POWERS[scale]!;
  return negative ? -value : value;
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
