import { keyHash } from '../key-hash.ts';
import type { OnlinePartition, OnlineValue } from '../port.ts';
import type { PreparedBatch } from './merge.ts';
import { assembleShard, fromJsonValue } from './shard-codec.ts';

const decoder = new TextDecoder();

/** The stored bytes of a shard holding exactly a partition's rows (its sections are the partition's buffers). */
export function partitionShardBytes(
  partition: OnlinePartition,
  features: readonly string[],
  shardCount: number,
): Uint8Array {
  const doubles = (array: Float64Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const parts = [doubles(partition.eventTimestamps), doubles(partition.createdTimestamps), partition.keys];
  const kinds = partition.columns.map((column) => (column.kind === 'f64' ? 'f64' : 'any'));
  for (const column of partition.columns) {
    if (column.kind === 'f64') parts.push(doubles(column.data), column.present);
    else parts.push(column.json);
  }
  return assembleShard(partition.length, shardCount, features, kinds, parts);
}

/** A partition as a write batch, to merge into a shard that already has rows. */
export function partitionBatch(partition: OnlinePartition, features: readonly string[]): PreparedBatch {
  const keys = JSON.parse(decoder.decode(partition.keys)) as string[];
  const hashes = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) hashes[i] = keyHash(keys[i]!);
  const values: ArrayLike<OnlineValue>[] = [];
  const numeric: boolean[] = [];
  for (const column of partition.columns) {
    if (column.kind === 'f64') {
      numeric.push(true);
      if (column.present.every((bit) => bit === 1)) values.push(column.data);
      else values.push(Array.from(column.data, (value, row) => (column.present[row] === 1 ? value : null)));
    } else {
      const parsed = (JSON.parse(decoder.decode(column.json)) as unknown[]).map(fromJsonValue);
      numeric.push(parsed.every((value) => value === null || typeof value === 'number'));
      values.push(parsed);
    }
  }
  return {
    keys,
    hashes,
    event: partition.eventTimestamps,
    created: partition.createdTimestamps,
    features,
    values,
    numeric,
  };
}
