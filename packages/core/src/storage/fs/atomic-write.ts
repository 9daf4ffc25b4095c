import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { type FileHandle, mkdir, open, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { iterateCheckedBytes } from '../bytes.ts';
import { throwIfAborted } from '../conditions.ts';
import type { ByteSource } from '../port.ts';
import { ioError } from './io-error.ts';
import { TEMP_PREFIX } from './key-path.ts';
import { nonce } from './lock.ts';
import { mtimeAfter, nsToSeconds } from './version.ts';

/** Short tag of this host in temp-file names, so a reader can tell whose writer left them. */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** A temp file being written; renamed over the target to commit. */
export interface TempFile {
  path: string;
  handle: FileHandle;
  size: number;
}

/** Durability settings shared by the write helpers. */
export interface WriteSettings {
  component: string;
  fsync: boolean;
}

/** The name of a temp file: `.t.<host tag>.<pid>.<nonce>` (the encoding never emits a leading `.`). */
export function tempName(): string {
  return `${TEMP_PREFIX}${HOST_TAG}.${process.pid}.${nonce()}`;
}

/** Owner of a temp file from its name, if it follows {@link tempName}. */
export function tempOwner(name: string): { hostTag: string; pid: number } | undefined {
  const parts = name.slice(TEMP_PREFIX.length).split('.');
  const pid = Number(parts[1]);
  return parts.length === 3 && Number.isInteger(pid) ? { hostTag: parts[0]!, pid } : undefined;
}

/** Flushes a directory's entries (the rename) to disk. A no-op without fsync or where unsupported. */
export async function syncDirectory(directory: string, settings: WriteSettings): Promise<void> {
  if (!settings.fsync || process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    throw ioError(settings.component, 'fsync directory', directory, error);
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Creates `directory` and its parents, flushing each new entry to disk. */
export async function makeDirectory(directory: string, settings: WriteSettings): Promise<void> {
  let first: string | undefined;
  try {
    first = await mkdir(directory, { recursive: true });
  } catch (error) {
    throw ioError(settings.component, 'create directory', directory, error);
  }
  if (first === undefined) return;
  for (let created = directory; ; created = path.dirname(created)) {
    await syncDirectory(path.dirname(created), settings);
    if (created === first || path.dirname(created) === created) break;
  }
}

/** Opens a new temp file in `directory`. */
export async function createTemp(directory: string, settings: WriteSettings): Promise<TempFile> {
  const tempPath = path.join(directory, tempName());
  try {
    return { path: tempPath, handle: await open(tempPath, 'wx'), size: 0 };
  } catch (error) {
    throw ioError(settings.component, 'create temp file', tempPath, error);
  }
}

/** Appends bytes to a temp file. */
export async function writeChunk(temp: TempFile, chunk: Uint8Array, settings: WriteSettings): Promise<void> {
  let offset = 0;
  try {
    while (offset < chunk.byteLength) {
      const { bytesWritten } = await temp.handle.write(chunk, offset, chunk.byteLength - offset, temp.size);
      offset += bytesWritten;
      temp.size += bytesWritten;
    }
  } catch (error) {
    throw ioError(settings.component, 'write temp file', temp.path, error);
  }
}

/** Writes a whole byte source to a temp file chunk by chunk, checking `signal` between chunks. */
export async function writeSource(
  temp: TempFile,
  source: ByteSource,
  settings: WriteSettings,
  signal: AbortSignal | undefined,
): Promise<void> {
  for await (const chunk of iterateCheckedBytes(source)) {
    throwIfAborted(signal, settings.component);
    await writeChunk(temp, chunk, settings);
  }
}

/** Flushes a temp file's data to disk (when fsync is on). */
export async function syncTemp(temp: TempFile, settings: WriteSettings): Promise<void> {
  if (!settings.fsync) return;
  try {
    await temp.handle.sync();
  } catch (error) {
    throw ioError(settings.component, 'fsync temp file', temp.path, error);
  }
}

/**
 * The temp file's final stats, its mtime made strictly later than `previous`'s (the value it replaces) so
 * versions never repeat; re-flushed when bumped.
 */
export async function sealTemp(
  temp: TempFile,
  previous: BigIntStats | undefined,
  settings: WriteSettings,
): Promise<BigIntStats> {
  try {
    let stats = await temp.handle.stat({ bigint: true });
    if (previous !== undefined && stats.mtimeNs <= previous.mtimeNs) {
      const seconds = nsToSeconds(mtimeAfter(previous.mtimeNs));
      await temp.handle.utimes(seconds, seconds);
      if (settings.fsync) await temp.handle.sync();
      stats = await temp.handle.stat({ bigint: true });
    }
    return stats;
  } catch (error) {
    throw ioError(settings.component, 'finish temp file', temp.path, error);
  }
}

/** Closes and removes a temp file that will not be committed. Never throws. */
export async function discardTemp(temp: TempFile): Promise<void> {
  await temp.handle.close().catch(() => {});
  await unlink(temp.path).catch(() => {});
}
