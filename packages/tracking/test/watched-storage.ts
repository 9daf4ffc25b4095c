import type { StorageAdapter } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';

/**
 * Memory storage that reports acknowledged writes: `written(pattern, count)` resolves once `count` puts of
 * keys matching `pattern` have completed (counting those already done). Tests wait on it instead of sleeping.
 */
export function watchedStorage(): StorageAdapter & {
  written(pattern: RegExp, count: number): Promise<void>;
} {
  const inner = memoryStorage();
  const done: string[] = [];
  const waiters: Array<{ pattern: RegExp; count: number; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (done.filter((key) => waiter.pattern.test(key)).length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  return {
    ...inner,
    async put(key, value, options) {
      const result = await inner.put(key, value, options);
      done.push(key);
      check();
      return result;
    },
    written(pattern, count) {
      return new Promise((resolve) => {
        waiters.push({ pattern, count, resolve });
        check();
      });
    },
  };
}
