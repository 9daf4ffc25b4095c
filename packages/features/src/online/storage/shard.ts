import type { OnlineValue } from '../port.ts';
import { indexKeys, type KeyIndex } from './key-index.ts';

/** A feature column of a shard: dense doubles with a presence mask, or any online values. */
export type ShardColumn =
  | { readonly kind: 'f64'; readonly data: Float64Array; readonly present: Uint8Array }
  | { readonly kind: 'any'; readonly values: readonly OnlineValue[] };

/**
 * The rows of one shard of one view, by columns: encoded entity keys, event and created timestamps (NaN for
 * no created timestamp) and one column per feature the shard has seen.
 */
export interface Shard {
  readonly keys: readonly string[];
  readonly event: Float64Array;
  readonly created: Float64Array;
  readonly features: readonly string[];
  readonly columns: readonly ShardColumn[];
  /** Shard count of the view when this shard was written (a store opened with another count refuses it). */
  readonly shardCount: number;
  /** Encoded size in bytes (what the read cache counts). */
  readonly size: number;
  /** The stored bytes, when the shard was built in them (see `allocateShard`). */
  readonly encoded?: Uint8Array;
  /** Row of each encoded key, built on first lookup. */
  index?: KeyIndex;
}

/** The row index of a shard, built once. */
export function shardIndex(shard: Shard): KeyIndex {
  shard.index ??= indexKeys(shard.keys);
  return shard.index;
}

/** The value of feature column `column` at `row` (null when absent). */
export function columnValue(column: ShardColumn | undefined, row: number): OnlineValue {
  if (column === undefined) return null;
  if (column.kind === 'f64') return column.present[row] === 1 ? column.data[row]! : null;
  return column.values[row] ?? null;
}

/** True when (event, created) is strictly newer than (storedEvent, storedCreated); NaN created sorts first. */
export function isNewer(event: number, created: number, storedEvent: number, storedCreated: number): boolean {
  if (event !== storedEvent) return event > storedEvent;
  if (Number.isNaN(created)) return false;
  return Number.isNaN(storedCreated) || created > storedCreated;
}
