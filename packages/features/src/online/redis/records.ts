// The Redis store keeps a view's entities in buckets: one string per bucket (`keyHash(key) % buckets`,
// key-hash.ts). A bucket starts with `\x1c<JSON array of feature names>` (its header), then holds a record per entity,
// `\x1e<key>\x1f<row>`, then `\x1f<expiry in unix seconds>` when the store has a key ttl. A row is
// `<event ts>;<created ts>;[<tagged value>,…]`, the values in header order (a shorter array: the missing ones are
// absent). Headers and rows are JSON after the timestamps, and JSON escapes every control character, so no
// separator occurs in them; a key holding one (a string key component) is escaped. A record is found with one
// `indexOf` of `\x1e<key>\x1f`, which can only match at the start of that entity's record.
import { keyHash } from '../key-hash.ts';

/** Starts a bucket, before its header. */
export const HEADER = '\x1c';
/** The code of {@link HEADER}. */
export const HEADER_CODE = 0x1c;
/** Starts a record. */
export const RECORD = '\x1e';
/** Ends a record's key, and its row when an expiry follows. */
export const FIELD = '\x1f';
const ESCAPE = '\x1d';
/** The code of {@link RECORD}. */
export const RECORD_CODE = 0x1e;
const FIELD_CODE = 0x1f;

const ESCAPE_CODE = 0x1d;

/** An encoded entity key as a record spells it: `\x1d`, `\x1e` and `\x1f` become `\x1d0`, `\x1d1`, `\x1d2`. */
export function recordKey(key: string): string {
  let out: string | undefined;
  let from = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < ESCAPE_CODE || code > FIELD_CODE) continue;
    out = `${out ?? ''}${key.slice(from, i)}${ESCAPE}${code - ESCAPE_CODE}`;
    from = i + 1;
  }
  return out === undefined ? key : out + key.slice(from);
}

/** The bucket of an encoded entity key (the engine computes the same in SQL). */
export function bucketOf(key: string, buckets: number): number {
  return keyHash(key) % buckets;
}

/** Where the row starting at `start` ends (at the next separator), in a string or its UTF-8 bytes. */
function rowEnd(blob: string | Buffer, start: number): number {
  const length = blob.length;
  let end = start;
  if (typeof blob === 'string') {
    while (end < length) {
      const code = blob.charCodeAt(end);
      if (code === RECORD_CODE || code === FIELD_CODE) break;
      end++;
    }
  } else {
    while (end < length) {
      const code = blob[end]!;
      if (code === RECORD_CODE || code === FIELD_CODE) break;
      end++;
    }
  }
  return end;
}

/**
 * The row of the record whose needle (`\x1e<record key>\x1f`) is `needle` in a bucket (a string, or its UTF-8
 * bytes), or undefined when the bucket holds no such record or it expired at or before `nowSeconds`.
 * @throws {Error} when `blob` is neither (the caller wraps it in `PLINTH_STORAGE`).
 */
export function findRow(blob: string | Buffer, needle: string, nowSeconds: number): string | undefined {
  if (typeof blob !== 'string' && !Buffer.isBuffer(blob)) throw new Error('not a bucket');
  const at = blob.indexOf(needle);
  if (at < 0) return undefined;
  // the needle's length in the blob's units (UTF-8 bytes for a Buffer)
  const start = at + (typeof blob === 'string' ? needle.length : Buffer.byteLength(needle));
  const end = rowEnd(blob, start);
  const length = blob.length;
  if (end < length && (typeof blob === 'string' ? blob.charCodeAt(end) : blob[end]) === FIELD_CODE) {
    let stop = blob.indexOf(RECORD, end + 1);
    if (stop < 0) stop = length;
    const expiry =
      typeof blob === 'string' ? blob.slice(end + 1, stop) : blob.toString('latin1', end + 1, stop);
    if (Number(expiry) <= nowSeconds) return undefined;
  }
  return typeof blob === 'string' ? blob.slice(start, end) : blob.toString('utf8', start, end);
}

/** A bucket's header text (the JSON array of its feature names), in a string or its UTF-8 bytes. */
export function headerOf(blob: string | Buffer): string {
  if (typeof blob === 'string') {
    const end = blob.indexOf(RECORD);
    return blob.slice(1, end < 0 ? blob.length : end);
  }
  const end = blob.indexOf(RECORD_CODE);
  return blob.toString('utf8', 1, end < 0 ? blob.length : end);
}

/** The header of a bucket of `features`. */
export function headerFor(features: readonly string[]): string {
  return `${HEADER}${JSON.stringify(features)}`;
}
