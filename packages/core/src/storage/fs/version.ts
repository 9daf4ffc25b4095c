import type { BigIntStats } from 'node:fs';

/**
 * The version token of a stored value: its inode number, modification time in nanoseconds and size, read
 * with one bigint `stat`.
 *
 * Why it cannot repeat for a key: every write renames a new file into place, so the inode changes unless
 * the kernel reuses a freed one; under the key's lock the writer makes the new file's mtime strictly
 * greater than the replaced value's (bumping it by 1 µs with `futimes` when the clock has not moved), so
 * while a key exists its versions strictly increase. After a delete and a re-create, a repeat would need
 * the same inode number, the same size and the same mtime to the microsecond as a value written earlier,
 * which only a system clock stepping backwards can produce. On file systems with coarse timestamps
 * (1–2 s: FAT, HFS+) the mtime bump is lost and the guarantee falls back to inode reuse being unlikely.
 */
export function versionOf(stats: BigIntStats): string {
  return `${stats.ino.toString(36)}-${stats.mtimeNs.toString(36)}-${stats.size.toString(36)}`;
}

/** The smallest mtime (ns, microsecond-aligned) strictly after `previousNs`. */
export function mtimeAfter(previousNs: bigint): bigint {
  return (previousNs / 1000n + 1n) * 1000n;
}

/** Nanoseconds as the seconds `futimes` takes; libuv keeps microseconds exactly. */
export function nsToSeconds(ns: bigint): number {
  return Number(ns / 1000n) / 1e6;
}
