import path from 'node:path';
import { throwIfAborted } from '../conditions.ts';
import { listLimit, lowerBound } from '../keys.ts';
import type { ListPage } from '../port.ts';
import { encodeSegment, MAX_ENCODED_SEGMENT_BYTES } from './key-path.ts';
import type { ListingCache } from './listing.ts';

/** One `list` call: keys starting with `prefix`, after `cursor`, at most `limit`. */
export interface ListRequest {
  component: string;
  root: string;
  prefix: string;
  cursor?: string;
  limit?: number;
  signal?: AbortSignal;
}

/**
 * Walks the store in key order, starting at the deepest directory the prefix names and binary-searching
 * each cached directory listing for the cursor, so a page costs O(depth · log n + limit).
 * A sub-directory `s` sorts as `s/`, which is where the block of keys under it falls in JS string order.
 */
export async function listKeys(cache: ListingCache, request: ListRequest): Promise<ListPage> {
  const { prefix, cursor } = request;
  const limit = listLimit(request.limit);
  const base = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const names = base === '' ? [] : base.slice(0, -1).split('/').map(encodeSegment);
  if (names.some((name) => name.length > MAX_ENCODED_SEGMENT_BYTES)) return { keys: [] };
  const from = cursor !== undefined && cursor > prefix ? cursor : prefix;
  const keys: string[] = [];

  const walk = async (directory: string, directoryKey: string): Promise<boolean> => {
    let relative: string;
    if (from.startsWith(directoryKey)) relative = from.slice(directoryKey.length);
    else if (from < directoryKey) relative = '';
    else return false;
    throwIfAborted(request.signal, request.component);
    const items = await cache.items(directory);
    let index = lowerBound(items, relative);
    const before = items[index - 1];
    if (before?.endsWith('/') && relative.startsWith(before)) index -= 1;
    for (; index < items.length; index++) {
      const item = items[index]!;
      const key = directoryKey + item;
      if (!key.startsWith(prefix) && !prefix.startsWith(key)) {
        if (key > prefix) return true;
        continue;
      }
      if (item.endsWith('/')) {
        const child = path.join(directory, encodeSegment(item.slice(0, -1)));
        if (await walk(child, key)) return true;
      } else if (key.startsWith(prefix) && (cursor === undefined || key > cursor)) {
        keys.push(key);
        if (keys.length > limit) return true;
      }
    }
    return false;
  };

  await walk(path.join(request.root, ...names), base);
  if (keys.length > limit) {
    keys.length = limit;
    return { keys, cursor: keys[limit - 1]! };
  }
  return { keys };
}
