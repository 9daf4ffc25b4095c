// The Redis store keeps a view's entities in buckets: one string per bucket (`keyHash(key) % buckets`) holding
// a record per entity, `\x1e<key>\x1f<row>`, then `\x1f<expiry in unix seconds>` when the store has a key ttl.
// Rows are JSON after two timestamps, and JSON escapes every control character, so neither separator occurs in
// a row; a key holding one (a string key component) is escaped. A record is found with one `indexOf` of
// `\x1e<key>\x1f`, which can only match at the start of that entity's record.
import { keyHash } from '../storage/key-index.ts';

/** Starts a record. */
export const RECORD = '\x1e';
/** Ends a record's key, and its row when an expiry follows. */
export const FIELD = '\x1f';
const ESCAPE = '\x1d';
const RECORD_CODE = 0x1e;
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

/**
 * The row of the record whose needle (`\x1e<record key>\x1f`) is `needle` in `blob`, or undefined when the bucket
 * holds no such record or it expired at or before `nowSeconds`.
 */
export function findRow(blob: string, needle: string, nowSeconds: number): string | undefined {
  const at = blob.indexOf(needle);
  if (at < 0) return undefined;
  const start = at + needle.length;
  let end = start;
  const length = blob.length;
  while (end < length) {
    const code = blob.charCodeAt(end);
    if (code === RECORD_CODE || code === FIELD_CODE) break;
    end++;
  }
  if (end < length && blob.charCodeAt(end) === FIELD_CODE) {
    let stop = blob.indexOf(RECORD, end + 1);
    if (stop < 0) stop = length;
    if (Number(blob.slice(end + 1, stop)) <= nowSeconds) return undefined;
  }
  return blob.slice(start, end);
}
