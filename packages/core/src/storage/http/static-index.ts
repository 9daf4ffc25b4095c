import * as z from 'zod/mini';
import { checkOptionsObject, checkStorageArgument, checks } from '../arguments.ts';
import { storageKeyProblem } from '../keys.ts';
import { listAll } from '../list-all.ts';
import type { StorageAdapter } from '../port.ts';

/** Key of the static index that `httpStorage` lists through, unless `indexKey` says otherwise. */
export const DEFAULT_STATIC_INDEX_KEY = 'plinth-index.json';

/**
 * The static index format: every key a static host serves, so `httpStorage.list` works without a server
 * that can list. Keys are sorted in JavaScript string order.
 *
 * @example
 * ```json
 * { "format": "plinth-static-index", "formatVersion": 1, "keys": ["models/a/1.onnx", "models/a/card.json"] }
 * ```
 */
export const StaticIndexSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    format: z.literal('plinth-static-index'),
    formatVersion: z.literal(1),
    keys: z.array(
      z.string().check(
        z.refine((key: string) => storageKeyProblem(key) === undefined, {
          message: 'not a valid storage key (relative, no "." or ".." segments, no control characters)',
        }),
      ),
    ),
  }),
);

/** A parsed static index. */
export type StaticIndex = z.infer<typeof StaticIndexSchema>;

/** Options of {@link writeStaticIndex}. */
export interface WriteStaticIndexOptions {
  /** Key the index is written under. @default 'plinth-index.json' */
  key?: string;
  /** Index only keys starting with this prefix. @default '' (every key) */
  prefix?: string;
  /** Cancels the listing and the write. */
  signal?: AbortSignal;
}

/**
 * Lists every key of `storage` and writes the static index (`plinth-index.json`) into `target`, so the
 * directory or bucket behind `target`, served over plain HTTP, can be listed by `httpStorage`. Run it after
 * each publish; the index itself is left out of the listing.
 *
 * @throws {PlinthError} whatever `storage.list` or `target.put` raises (`PLINTH_READ_ONLY` for a read-only target).
 * @example
 * ```ts
 * const storage = fsStorage({ root: './public/models' });
 * await writeStaticIndex(storage); // then serve ./public/models with any static file server
 * ```
 */
export async function writeStaticIndex(
  storage: StorageAdapter,
  target: StorageAdapter = storage,
  options: WriteStaticIndexOptions = {},
): Promise<{ key: string; keys: number; version: string }> {
  checkStorageArgument(storage, 'writeStaticIndex');
  checkStorageArgument(target, 'writeStaticIndex', 'target');
  checkOptionsObject(
    options,
    {
      key: (value) => storageKeyProblem(value),
      prefix: (value) => (typeof value === 'string' ? undefined : 'must be a string'),
      signal: checks.signal,
    },
    { component: 'core', subject: 'writeStaticIndex options', path: 'options' },
  );
  const indexKey = options.key ?? DEFAULT_STATIC_INDEX_KEY;
  const keys: string[] = [];
  for await (const key of listAll(storage, options.prefix ?? '', { limit: 10_000, signal: options.signal })) {
    if (key !== indexKey) keys.push(key);
  }
  const index: StaticIndex = { format: 'plinth-static-index', formatVersion: 1, keys };
  const { version } = await target.put(indexKey, JSON.stringify(index), { signal: options.signal });
  return { key: indexKey, keys: keys.length, version };
}
