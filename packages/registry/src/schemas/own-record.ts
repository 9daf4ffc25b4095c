import type { AnySchema } from '@plinth/core';
import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';

const isRecordLike = (input: unknown): input is Record<string, unknown> => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === Object.prototype || prototype === null;
};

/**
 * A map keyed by user names, parsed into an object without a prototype: `__proto__`, `constructor` and
 * `toString` are ordinary keys that round-trip (zod's `record` drops `__proto__`). Read it with `Object.hasOwn`.
 */
export function ownRecord<K extends AnySchema, V extends AnySchema>(key: K, value: V, maxEntries = 10_000) {
  return z.pipe(
    z.custom<Record<string, unknown>>(isRecordLike, { message: 'must be a plain object' }),
    z.transform((input, context) => {
      const output: Record<string, zc.output<V>> = Object.create(null);
      const keys = Object.keys(input);
      if (keys.length > maxEntries) {
        context.issues.push({ code: 'custom', message: `must have at most ${maxEntries} entries`, input });
        return output;
      }
      for (const name of keys) {
        const checkedKey = safeParse(key, name);
        if (!checkedKey.success) {
          for (const issue of checkedKey.error.issues)
            context.issues.push({
              ...issue,
              code: 'custom',
              input: name,
              path: [name],
              message: `key ${issue.message}`,
            } as never);
          continue;
        }
        const checked = safeParse(value, input[name]);
        if (!checked.success) {
          for (const issue of checked.error.issues)
            context.issues.push({ ...issue, path: [name, ...issue.path] } as never);
          continue;
        }
        Object.defineProperty(output, name, {
          value: checked.data,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return output;
    }),
  );
}
