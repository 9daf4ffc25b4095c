import type { OnlineValue } from '../port.ts';
import { columnValue, isNewer, type Shard, type ShardColumn, shardIndex } from './shard.ts';

/** A validated write batch with encoded keys and timestamps as doubles (NaN: no created timestamp). */
export interface PreparedBatch {
  readonly keys: readonly (string | undefined)[];
  readonly event: ArrayLike<number>;
  readonly created: Float64Array;
  readonly features: readonly string[];
  readonly values: readonly ArrayLike<OnlineValue>[];
  /** Per feature: true when every value of the column is a number or null. */
  readonly numeric: readonly boolean[];
}

/** What merging a batch into a shard produced. */
export interface MergeResult {
  readonly shard: Shard;
  /** Batch rows that are now stored. */
  readonly written: number;
}

/**
 * Merges batch rows `rows` (indices into `batch`, all of one shard) into `existing` with newer-wins: a row
 * replaces the stored one only when its (event ts, created ts) is strictly newer; within the batch, the newest
 * row of an entity wins. Features the batch does not write keep their stored values. Returns a new shard
 * (`existing` is left as it was) with its row index built.
 */
export function mergeShard(
  existing: Shard | undefined,
  batch: PreparedBatch,
  rows: ArrayLike<number>,
  shardCount: number,
): MergeResult {
  const base = existing?.keys.length ?? 0;
  const index = new Map(existing ? shardIndex(existing) : undefined);
  const keys = existing ? existing.keys.slice() : [];
  const fromBatch: number[] = new Array(base).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const key = batch.keys[row]!;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, keys.length);
      keys.push(key);
      fromBatch.push(row);
      continue;
    }
    const current = fromBatch[at]!;
    const newer =
      current >= 0
        ? isNewer(batch.event[row]!, batch.created[row]!, batch.event[current]!, batch.created[current]!)
        : isNewer(batch.event[row]!, batch.created[row]!, existing!.event[at]!, existing!.created[at]!);
    if (newer) fromBatch[at] = row;
  }
  const total = keys.length;
  const event = new Float64Array(total);
  const created = new Float64Array(total);
  let written = 0;
  for (let out = 0; out < total; out++) {
    const row = fromBatch[out]!;
    if (row >= 0) {
      written++;
      event[out] = batch.event[row]!;
      created[out] = batch.created[row]!;
    } else {
      event[out] = existing!.event[out]!;
      created[out] = existing!.created[out]!;
    }
  }
  const features = existing ? existing.features.slice() : [];
  const stored = new Map<string, ShardColumn>();
  if (existing) {
    for (let f = 0; f < existing.features.length; f++)
      stored.set(existing.features[f]!, existing.columns[f]!);
  }
  const written_ = new Map<string, number>();
  batch.features.forEach((name, f) => {
    written_.set(name, f);
    if (!stored.has(name)) features.push(name);
  });
  const columns = features.map((name) =>
    buildColumn(stored.get(name), written_.get(name), batch, fromBatch, base, total),
  );
  const shard: Shard = { keys, event, created, features, columns, shardCount, size: 0, index };
  return { shard, written };
}

function buildColumn(
  old: ShardColumn | undefined,
  f: number | undefined,
  batch: PreparedBatch,
  fromBatch: readonly number[],
  base: number,
  total: number,
): ShardColumn {
  const incoming = f === undefined ? undefined : batch.values[f]!;
  const numeric = (old === undefined || old.kind === 'f64') && (f === undefined || batch.numeric[f]!);
  const pick = (out: number): OnlineValue => {
    const row = fromBatch[out]!;
    if (incoming !== undefined && row >= 0) return incoming[row] ?? null;
    return out < base ? columnValue(old, out) : null;
  };
  if (!numeric) {
    const values: OnlineValue[] = new Array(total);
    for (let out = 0; out < total; out++) values[out] = pick(out);
    return { kind: 'any', values };
  }
  const data = new Float64Array(total);
  const present = new Uint8Array(total);
  if (old?.kind === 'f64') {
    data.set(old.data.subarray(0, base));
    present.set(old.present.subarray(0, base));
  }
  if (incoming !== undefined) {
    for (let out = 0; out < total; out++) {
      const row = fromBatch[out]!;
      if (row < 0) continue;
      const value = incoming[row];
      if (value === null || value === undefined) {
        data[out] = 0;
        present[out] = 0;
      } else {
        data[out] = value as number;
        present[out] = 1;
      }
    }
  }
  return { kind: 'f64', data, present };
}
