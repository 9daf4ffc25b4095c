import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { HOST_TAG, tempOwner } from './atomic-write.ts';
import { errorCode, ioError } from './io-error.ts';
import { ASIDE_PREFIX, decodeSegment, TEMP_PREFIX, VALUE_SUFFIX } from './key-path.ts';
import { processAlive } from './lock.ts';

/** Leftover temp files of writers on other hosts are removed after this long. */
export const TEMP_STALE_MS = 15 * 60_000;

interface CachedDirectory {
  mtimeNs: bigint;
  /** Decoded names in JS string order: values as their segment, sub-directories with a trailing `/`. */
  items: string[];
}

/** Settings of a directory listing cache. */
export interface ListingSettings {
  component: string;
  lockStaleMs: number;
  /** Directories kept in the cache. @default 256 */
  maxDirectories?: number;
}

/** Sorted, decoded listings of directories, cached and validated by each directory's mtime. */
export interface ListingCache {
  /** The decoded items of a directory (empty when it does not exist). */
  items(directory: string): Promise<readonly string[]>;
  /** Forgets a directory after a write changed it. */
  invalidate(directory: string): void;
  clear(): void;
}

/** Removes a leftover temp file or stolen lock if its writer is gone. Never throws. */
async function collectLeftover(directory: string, name: string, settings: ListingSettings): Promise<void> {
  const file = path.join(directory, name);
  try {
    const owner = name.startsWith(TEMP_PREFIX) ? tempOwner(name) : undefined;
    const dead = owner !== undefined && owner.hostTag === HOST_TAG && !processAlive(owner.pid);
    const age = Date.now() - (await stat(file)).mtimeMs;
    const limit = name.startsWith(ASIDE_PREFIX) ? settings.lockStaleMs : TEMP_STALE_MS;
    if (dead || age > limit) await unlink(file);
  } catch {}
}

/**
 * A listing cache. A cached listing is reused only while the directory's mtime is unchanged and the
 * listing was read well after that mtime (a change within the same timestamp tick as an earlier one
 * would not move the mtime; "racy" listings are re-read, as git does for its index).
 */
export function createListingCache(settings: ListingSettings): ListingCache {
  const cache = new Map<string, CachedDirectory>();
  const maxDirectories = settings.maxDirectories ?? 256;

  async function read(directory: string, mtimeNs: bigint): Promise<string[]> {
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
      throw ioError(settings.component, 'list directory', directory, error);
    }
    const items: string[] = [];
    const leftovers: Promise<void>[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(TEMP_PREFIX) || name.startsWith(ASIDE_PREFIX)) {
        leftovers.push(collectLeftover(directory, name, settings));
      } else if (name.endsWith(VALUE_SUFFIX) && !entry.isDirectory()) {
        const segment = decodeSegment(name.slice(0, -VALUE_SUFFIX.length));
        if (segment !== undefined) items.push(segment);
      } else if (entry.isDirectory()) {
        const segment = decodeSegment(name);
        if (segment !== undefined) items.push(`${segment}/`);
      }
    }
    items.sort();
    await Promise.all(leftovers);
    // Second-granularity file systems need a wider racy window than nanosecond ones.
    const racyNs = mtimeNs % 1_000_000_000n === 0n ? 2_000_000_000n : 20_000_000n;
    if (mtimeNs + racyNs < startedNs) {
      if (cache.size >= maxDirectories) cache.delete(cache.keys().next().value!);
      cache.set(directory, { mtimeNs, items });
    } else cache.delete(directory);
    return items;
  }

  return {
    async items(directory) {
      let mtimeNs: bigint;
      try {
        mtimeNs = (await stat(directory, { bigint: true })).mtimeNs;
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
        throw ioError(settings.component, 'stat directory', directory, error);
      }
      const cached = cache.get(directory);
      if (cached !== undefined && cached.mtimeNs === mtimeNs) return cached.items;
      return read(directory, mtimeNs);
    },
    invalidate(directory) {
      cache.delete(directory);
    },
    clear() {
      cache.clear();
    },
  };
}
