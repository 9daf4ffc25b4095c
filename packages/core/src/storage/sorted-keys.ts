import { lowerBound } from './keys.ts';

/** Below this many pending changes, a list applies them one by one (binary search + splice); above, it merges. */
const SPLICE_LIMIT = 32;

/**
 * The sorted key list behind listing, kept cheap to change: adds and deletes are recorded in O(1) and folded in
 * at the next read, by splicing when they are few and by one linear merge when they are many. A store that takes
 * thousands of writes between two listings pays O(n + k log k) once, not O(n) per write.
 */
export function sortedKeyIndex(has: (key: string) => boolean) {
  let sorted: string[] = [];
  let added: string[] = [];
  let deleted: string[] = [];

  function fold(): void {
    if (added.length + deleted.length <= SPLICE_LIMIT) {
      for (const key of deleted) {
        if (has(key)) continue;
        const at = lowerBound(sorted, key);
        if (sorted[at] === key) sorted.splice(at, 1);
      }
      for (const key of added) {
        if (!has(key)) continue;
        const at = lowerBound(sorted, key);
        if (sorted[at] !== key) sorted.splice(at, 0, key);
      }
    } else {
      const kept = deleted.length > 0 ? sorted.filter(has) : sorted;
      const fresh = [...new Set(added.filter(has))].sort();
      const merged: string[] = [];
      let i = 0;
      let j = 0;
      while (i < kept.length || j < fresh.length) {
        const next =
          j >= fresh.length || (i < kept.length && kept[i]! <= fresh[j]!) ? kept[i++]! : fresh[j++]!;
        if (merged[merged.length - 1] !== next) merged.push(next);
      }
      sorted = merged;
    }
    added = [];
    deleted = [];
  }

  return {
    /** Records a key that now exists (it was absent before). */
    added(key: string): void {
      added.push(key);
    },
    /** Records a key that no longer exists. */
    deleted(key: string): void {
      deleted.push(key);
    },
    /** Every existing key, sorted. */
    keys(): readonly string[] {
      if (added.length > 0 || deleted.length > 0) fold();
      return sorted;
    },
    clear(): void {
      sorted = [];
      added = [];
      deleted = [];
    },
  };
}
