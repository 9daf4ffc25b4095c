import { PlinthError } from '../errors/plinth-error.ts';
import { bytesToText, textToBytes } from './bytes.ts';

/** The key of a non-finite number's stand-in object: `{"$plinth:number":"NaN"}`. */
const NUMBER_MARKER = '$plinth:number';
/** A key of one or more `$` then `plinth:number`: the marker, or a user key that looks like it. */
const MARKER_LIKE = /^\$+plinth:number$/;
/** The spellings of the numbers JSON has no literal for. */
const SPECIAL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
]);

/** The only own enumerable key of `value`, or `undefined` when it has none or several. */
function soleKey(value: object): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { [NUMBER_MARKER]: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const key = soleKey(value);
    // A user object that looks like a marker gets one more `$`, which the reader takes off again.
    if (key !== undefined && MARKER_LIKE.test(key)) {
      return { [`$${key}`]: (value as Record<string, unknown>)[key] };
    }
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const key = soleKey(value);
  if (key === undefined || !MARKER_LIKE.test(key)) return value;
  const inner = (value as Record<string, unknown>)[key];
  if (key === NUMBER_MARKER) {
    // Documents written before escaping existed hold user objects like {"$plinth:number":"hello"}: keep them.
    return typeof inner === 'string' && SPECIAL_NUMBERS.has(inner) ? SPECIAL_NUMBERS.get(inner) : value;
  }
  return { [key.slice(1)]: inner };
}

/**
 * JSON that keeps every number: NaN, ±Infinity and -0 are written as `{"$plinth:number":"NaN"}` (and
 * `"Infinity"`, `"-Infinity"`, `"-0"`) and read back as numbers. A user object whose only key is
 * `$plinth:number` (or `$$plinth:number`, …) is written with one more leading `$`, so every JSON value, NaN
 * included, reads back exactly as it was written.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for what JSON cannot hold (`undefined`, a function, a BigInt, a cycle).
 *
 * @example
 * ```ts
 * decodeJson(encodeJson({ loss: Number.NaN, example: { '$plinth:number': 'hello' } }));
 * // { loss: NaN, example: { '$plinth:number': 'hello' } }
 * ```
 */
export function encodeJson(value: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, replacer);
  } catch (cause) {
    // a BigInt, a cycle, or a toJSON that throws
    throw notJson(cause instanceof Error ? cause.message : String(cause), cause);
  }
  if (typeof text !== 'string') throw notJson(`${typeof value} has no JSON form`);
  return textToBytes(text);
}

function notJson(reason: string, cause?: unknown): PlinthError<'PLINTH_VALIDATION'> {
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: 'core',
    message: `value cannot be written as JSON (${reason}); pass plain data: objects, arrays, strings, numbers, booleans, null`,
    cause,
    details: { issues: [{ path: 'value', message: reason }] },
  });
}

/**
 * Reads JSON written by {@link encodeJson}, and documents written before user objects were escaped (where
 * `{"$plinth:number":"hello"}` stays an object; only the spellings of special numbers become numbers).
 *
 * @throws {SyntaxError} when the bytes are not JSON (callers turn it into a `PlinthError`).
 */
export function decodeJson(bytes: Uint8Array): unknown {
  const text = bytesToText(bytes);
  // A byte order mark (files saved by some editors) is not JSON; RFC 8259 lets a reader ignore it.
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, reviver);
}
