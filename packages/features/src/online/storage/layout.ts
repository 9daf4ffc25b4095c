import { MAX_STORAGE_KEY_LENGTH } from '@plinth/core';
import { errors } from '../errors.ts';

/** Characters of an encoded name per key segment, so a segment stays a short file name on every file system. */
const SEGMENT_CHARS = 60;

/**
 * A user name (view name, metadata key) as storage key segments: percent-encoded (`encodeURIComponent`), cut
 * into segments of at most 60 characters, each starting with `_` (so no segment is empty, `.` or `..`).
 * Injective and prefix-preserving: the encoding of `a/` is a prefix of the encoding of `a/b`.
 */
export function encodeName(name: string): string {
  const encoded = encodeURIComponent(name);
  let out = '';
  for (let at = 0; at < encoded.length; at += SEGMENT_CHARS) {
    out += `${at === 0 ? '' : '/'}_${encoded.slice(at, at + SEGMENT_CHARS)}`;
  }
  return out;
}

/** Storage keys of an online store under `prefix`. */
export interface OnlineLayout {
  /** Key prefix of every shard of a view (ends with `/`). */
  viewPrefix(view: string): string;
  /** Key of shard `shard` of `view`. */
  shardKey(view: string, shard: number): string;
  /** Key of a metadata entry. */
  metaKey(key: string): string;
  /** Prefix of the metadata keys that belong to a view (`<view>/…`). */
  viewMetaPrefix(view: string): string;
  /** Key whose version changes after every write of any view: readers trust their cache while it stands still. */
  readonly generationKey: string;
}

function checked(key: string): string {
  if (key.length > MAX_STORAGE_KEY_LENGTH) {
    throw errors.invalid('online store key', {
      path: 'name',
      message: `is too long once encoded as a storage key (${key.length} > ${MAX_STORAGE_KEY_LENGTH} characters); use a shorter name`,
    });
  }
  return key;
}

/**
 * The layout: `<prefix>/v/<view>/<shard>` for rows (one file per shard of a view), `<prefix>/m/<key>` for
 * metadata, `<prefix>/generation` bumped after every write, names encoded by {@link encodeName}.
 */
export function onlineLayout(prefix: string): OnlineLayout {
  const root = prefix === '' ? '' : `${prefix}/`;
  const viewPrefix = (view: string) => checked(`${root}v/${encodeName(view)}/`);
  return {
    viewPrefix,
    shardKey: (view, shard) => `${viewPrefix(view)}${shard.toString(36)}`,
    metaKey: (key) => checked(`${root}m/${encodeName(key)}`),
    viewMetaPrefix: (view) => `${root}m/${encodeName(`${view}/`)}`,
    generationKey: `${root}generation`,
  };
}
