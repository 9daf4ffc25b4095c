import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { listAllKeys, type StorageAdapter } from '@plinth/core';
import { cliErrors } from '../errors.ts';
import type { Progress } from '../output/progress.ts';

/**
 * The file of `key` under `root`: one folder per `/` segment. Refuses a segment that is empty, `.` or `..`,
 * a backslash or NUL, and any path that would land outside `root` (storage keys never have these; this is
 * the last line of defence before writing).
 */
export function fileOfKey(root: string, key: string): string {
  const segments = key.split('/');
  const file = path.resolve(root, ...segments);
  if (
    segments.some((segment) => segment === '' || segment === '.' || segment === '..') ||
    /[\\\0]/.test(key) ||
    !file.startsWith(root + path.sep)
  ) {
    throw cliErrors.error(
      'PLINTH_VALIDATION',
      `refusing to export key "${key.slice(0, 200)}": not a plain relative path`,
    );
  }
  return file;
}

/**
 * Copies every key under `prefix` from `storage` into plain files under `root` (file path = key), as a static
 * host serves them to `httpStorage`. Each file is written to a temporary name, then renamed.
 */
export async function copyKeysToFiles(
  storage: StorageAdapter,
  prefix: string,
  root: string,
  progress: (total: number) => Progress,
  signal: AbortSignal,
): Promise<{ files: number; bytes: number }> {
  const keys = await listAllKeys(storage, prefix);
  const bar = progress(keys.length);
  let bytes = 0;
  let files = 0;
  for (const key of keys) {
    if (signal.aborted) throw cliErrors.error('PLINTH_ABORTED', 'export interrupted; run it again to finish');
    const file = fileOfKey(root, key);
    const entry = await storage.getStream(key);
    if (entry) {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.plinth-partial`;
      try {
        await pipeline(
          Readable.fromWeb(entry.stream as import('node:stream/web').ReadableStream),
          createWriteStream(temporary),
        );
        await rename(temporary, file);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      bytes += entry.size;
      files++;
    }
    bar.tick();
  }
  bar.done();
  return { files, bytes };
}
