import type { EntityKeyValue } from './port.ts';

/** Longest encoded entity key, in characters; longer keys are refused as bad input. */
export const MAX_ENCODED_KEY_LENGTH = 4096;

/**
 * Encodes one typed key component: a tag, the payload's length, `:`, the payload. Integers (safe or not, as
 * `number` or `bigint`) share the tag `i` and their exact decimal form, so `1` and `1n` are one key; other
 * numbers use `f` and the shortest round-trip form; strings `s`; booleans `b`. The length prefix makes the
 * concatenation of components unambiguous: `("c1", 11)` is `s2:c1i2:11`, `("c11", 1)` is `s3:c11i1:1`.
 */
function encodeComponent(value: EntityKeyValue): string | undefined {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number': {
      if (!Number.isFinite(value)) return undefined;
      const text = Number.isSafeInteger(value)
        ? String(value === 0 ? 0 : value)
        : Number.isInteger(value)
          ? BigInt(value).toString()
          : String(value);
      return `${Number.isInteger(value) ? 'i' : 'f'}${text.length}:${text}`;
    }
    case 'bigint': {
      const text = value.toString();
      return `i${text.length}:${text}`;
    }
    case 'boolean':
      return value ? 'b1:1' : 'b1:0';
    default:
      return undefined;
  }
}

/** Why `key` cannot be an entity key (a tuple of `joinKeys` typed values), or `undefined` when it can. */
export function entityKeyProblem(key: unknown, arity: number): string | undefined {
  if (!Array.isArray(key)) return `must be an array of ${arity} key values`;
  if (key.length !== arity) return `must have ${arity} values (one per join key), got ${key.length}`;
  for (const value of key as unknown[]) {
    if (value === null) continue;
    const type = typeof value;
    if (type === 'number' && !Number.isFinite(value)) return 'numbers must be finite (no NaN or Infinity)';
    if (type !== 'string' && type !== 'number' && type !== 'bigint' && type !== 'boolean') {
      return 'values must be strings, finite numbers, bigints, booleans or null';
    }
  }
  return undefined;
}

/**
 * The string form of an entity key tuple: equal for keys equal as typed values, distinct otherwise; `undefined`
 * when a component is `null` (such a key matches nothing). Assumes {@link entityKeyProblem} passed.
 */
export function encodeEntityKey(key: readonly (EntityKeyValue | null)[]): string | undefined {
  if (key.length === 1) {
    const only = key[0];
    return only === null || only === undefined ? undefined : encodeComponent(only);
  }
  let out = '';
  for (const value of key) {
    if (value === null || value === undefined) return undefined;
    out += encodeComponent(value);
  }
  return out;
}

/**
 * The typed tuple an encoded key stands for: integers as `number` when safe, `bigint` beyond 2^53.
 * @throws {Error} when `encoded` is not an encoding (internal: only stored keys are decoded).
 */
export function decodeEntityKey(encoded: string): EntityKeyValue[] {
  const out: EntityKeyValue[] = [];
  let at = 0;
  while (at < encoded.length) {
    const tag = encoded[at];
    const colon = encoded.indexOf(':', at + 1);
    const length = Number(encoded.slice(at + 1, colon));
    if (colon < 0 || !Number.isSafeInteger(length) || length < 0) throw new Error('not an entity key');
    const payload = encoded.slice(colon + 1, colon + 1 + length);
    if (payload.length !== length) throw new Error('not an entity key');
    at = colon + 1 + length;
    if (tag === 's') out.push(payload);
    else if (tag === 'b') out.push(payload === '1');
    else if (tag === 'f') out.push(Number(payload));
    else if (tag === 'i') {
      const big = BigInt(payload);
      out.push(
        big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big,
      );
    } else throw new Error('not an entity key');
  }
  return out;
}
