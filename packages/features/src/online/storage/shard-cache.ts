import type { Shard } from './shard.ts';

/** A decoded shard with the storage version it was read or written at. */
export interface CachedShard {
  readonly version: string;
  readonly shard: Shard;
  /**
   * The store generation (version of the generation key) read before `version` was last confirmed, and when
   * (clock ms): while the generation stands still, no write has finished since, so the shard is current.
   * Absent on shards this process wrote (confirmed again on their next read).
   */
  checked?: { readonly generation: string; readonly atMs: number };
}

/** A least-recently-used cache of decoded shards, bounded by their encoded size. */
export interface ShardCache {
  get(key: string): CachedShard | undefined;
  set(key: string, entry: CachedShard): void;
  delete(key: string): void;
  clear(): void;
}

/** Makes a {@link ShardCache} holding at most `maxBytes` of shards (0 disables it). */
export function shardCache(maxBytes: number): ShardCache {
  const entries = new Map<string, CachedShard>();
  let bytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    bytes -= entry.shard.size;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry !== undefined && entries.size > 1) {
        // move to the most recently used end
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set(key, entry) {
      remove(key);
      if (entry.shard.size > maxBytes) return;
      entries.set(key, entry);
      bytes += entry.shard.size;
      for (const [oldest, old] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= old.shard.size;
      }
    },
    delete: remove,
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
