import type { AnySchema } from '@plinth/core';
import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';

/** A map keyed by user names: a null-prototype object, so `__proto__`, `constructor` and `toString` are data. */
export type OwnRecord<V> = Record<string, V>;

/** An empty own-key map (no prototype: a name never collides with an `Object.prototype` member). */
export function ownMap<V>(): OwnRecord<V> {
  return Object.create(null) as OwnRecord<V>;
}

/** A copy of `base` with `updates` applied, as a null-prototype object. */
export function withOwn<V>(base: OwnRecord<V>, updates: OwnRecord<V> | Iterable<[string, V]>): OwnRecord<V> {
  const out = ownMap<V>();
  for (const key of Object.keys(base)) out[key] = base[key]!;
  const entries = Symbol.iterator in updates ? updates : Object.entries(updates);
  for (const [key, value] of entries as Iterable<[string, V]>) out[key] = value;
  return out;
}

/** The value stored under `key`, looked up as an own property only. */
export function ownValue<V>(map: OwnRecord<V>, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object that is not a plain object' : typeof value;
}

/**
 * Like `z.record(key, value)`, but every own key is kept as data — zod's record drops `__proto__` — and
 * the result is a null-prototype object. Input must be a plain object.
 */
export function ownRecord<V extends AnySchema>(keySchema: AnySchema, valueSchema: V) {
  return z.transform((input: unknown, context): OwnRecord<zc.output<V>> => {
    if (!isPlainObject(input)) {
      context.issues.push({
        code: 'custom',
        input,
        message: `expected a plain object of names to values, received ${received(input)}`,
      });
      return z.NEVER;
    }
    const out = ownMap<zc.output<V>>();
    for (const key of Object.keys(input)) {
      const checkedKey = safeParse(keySchema, key);
      if (!checkedKey.success) {
        for (const issue of checkedKey.error.issues) {
          context.issues.push({ code: 'custom', input: key, path: [key], message: `key ${issue.message}` });
        }
        continue;
      }
      const checked = safeParse(valueSchema, input[key]);
      if (!checked.success) {
        for (const issue of checked.error.issues) {
          context.issues.push({
            code: 'custom',
            input: input[key],
            path: [key, ...issue.path],
            message: issueText(issue),
          });
        }
        continue;
      }
      out[key] = checked.data as zc.output<V>;
    }
    return out;
  });
}

function issueText(issue: zc.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_union') return 'has a type that is not accepted';
  return 'is invalid';
}
