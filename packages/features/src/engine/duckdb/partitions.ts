// The latest rows of a view grouped by online partition inside DuckDB: the entity key encoded as
// `encodeEntityKey` does, the partition as `keyHash(key) % partitions` (key-hash.ts), and per partition the keys and
// every text column as one UTF-8 JSON array, the numeric columns as lists read a vector at a time. JS copies a
// few blobs and typed arrays per partition instead of converting a million values one by one.

import { INT_HASH_FINAL, INT_HASH_HIGH, INT_HASH_LOW, INT_HASH_SEED } from '../../online/key-hash.ts';
import type { OnlinePartition, OnlinePartitionColumn } from '../../online/port.ts';
import type { LatestQuery } from '../port.ts';
import { blob } from './columns.ts';
import type { Connection } from './connection.ts';
import { epochMsSql, latestRowsSql, materializeChunks } from './latest.ts';
import { familyOf, type Params, quote } from './sql.ts';

const SAFE = '9007199254740991';

/** The part of a node-api vector read here. */
interface VectorLike {
  readonly items?: unknown;
  readonly validity?: { readonly data?: BigUint64Array | null };
  getItem(index: number): unknown;
}

interface ListVectorLike {
  readonly childVector: VectorLike;
  getEntryOffset(index: number): number;
  getEntryLength(index: number): number;
}

/** Whether the engine can group a view's rows by partition: every join key an integer column. */
export function partitionable(query: LatestQuery, keyTypes: ReadonlyMap<string, string>): boolean {
  const { joinKeys } = query.view;
  return joinKeys.length > 0 && joinKeys.every((key) => familyOf(keyTypes.get(key) ?? '') === 'integer');
}

/**
 * `encodeEntityKey` of integer key columns, in SQL, as arguments of one `concat`: `'i', <digits length>, ':',
 * <digits>` per key, given each key's digits (the column cast to VARCHAR).
 */
export function encodedKeyParts(digits: readonly string[]): string[] {
  return digits.flatMap((text) => [`'i'`, `length(${text})`, `':'`, text]);
}

/** Integer types within a BIGINT's range: cast to it before their words are taken (wider ones keep their type). */
const NARROW_INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER)$/i;

/**
 * The state of `keyHash` (key-hash.ts) before its final mix, over integer key columns (name, DuckDB type): per
 * key, its low and high 32-bit words folded in by `h = ((h ^ word) * M) mod 2^32`, in BIGINT arithmetic (every
 * product stays below 2^63).
 */
export function keyHashStateSql(keys: readonly { readonly name: string; readonly type: string }[]): string {
  let h = `CAST(${INT_HASH_SEED} AS BIGINT)`;
  for (const { name, type } of keys) {
    const value = NARROW_INTEGER.test(type) ? `CAST(${quote(name)} AS BIGINT)` : quote(name);
    h = `(xor(${h}, CAST(${value} & 4294967295 AS BIGINT)) * ${INT_HASH_LOW}) & 4294967295`;
    h = `(xor(${h}, CAST((${value} >> 32) & 4294967295 AS BIGINT)) * ${INT_HASH_HIGH}) & 4294967295`;
  }
  return `(${h})`;
}

/** `keyHash` from a column holding {@link keyHashStateSql} (a column, so the state is computed once). */
export function keyHashSql(state: string): string {
  // parenthesized: `&` binds looser than the `%` a caller appends
  return `((xor(${state}, ${state} >> 16) * ${INT_HASH_FINAL}) & 4294967295)`;
}

/**
 * The latest rows (`latestRowsSql`) with each key's digits cast once into a column (the encoded key reads them)
 * and the hash state of the keys (`__plinth_h`, see {@link keyHashStateSql}): the SQL, and the digit columns.
 */
export function withKeyColumns(
  joinKeys: readonly string[],
  keyTypes: ReadonlyMap<string, string>,
  latestRows: string,
): { sql: string; digits: string[] } {
  const digits = joinKeys.map((_, k) => `__plinth_d${k}`);
  const casts = joinKeys.map((name, k) => `CAST(${quote(name)} AS VARCHAR) AS ${digits[k]}`);
  const state = keyHashStateSql(joinKeys.map((name) => ({ name, type: keyTypes.get(name) ?? '' })));
  return { sql: `SELECT *, ${casts.join(', ')}, ${state} AS __plinth_h FROM (${latestRows})`, digits };
}

/** The SQL of the partitions: one row per partition that has rows. */
export function partitionsSql(
  query: LatestQuery,
  params: Params,
  pushTable: string | undefined,
  partitions: number,
  keyTypes: ReadonlyMap<string, string>,
): string {
  const { view } = query;
  const created = view.source.createdTimestampField !== undefined;
  const numeric = (type: string) => type !== 'string' && type !== 'bool' && type !== 'int64';
  const fields = [
    `'k': __plinth_key`,
    `'e': ${epochMsSql('__plinth_e')}`,
    ...(created ? [`'c': ${epochMsSql('__plinth_c')}`] : []),
    ...view.features.map((feature, f) => {
      const column = quote(feature.name);
      if (feature.type === 'timestamp') return `'f${f}': ${epochMsSql(column)}`;
      return `'f${f}': ${numeric(feature.type) ? `CAST(${column} AS DOUBLE)` : column}`;
    }),
  ];
  const field = (name: string) => `list_transform(l, lambda x: x.${name})`;
  const json = (expression: string) => `encode(CAST(to_json(${expression}) AS VARCHAR))`;
  const unsafe = (column: string) => `${column} NOT BETWEEN -${SAFE} AND ${SAFE}`;
  const flags: string[] = [];
  const columns = view.features.flatMap((feature, f) => {
    switch (feature.type) {
      case 'int64': {
        // doubles while exact; a partition holding an int64 beyond 2^53 also gets its JSON (tagged bigints)
        flags.push(`bool_or(${unsafe(quote(feature.name))}) AS u${f}`);
        const x = `x.f${f}`;
        const tagged = `CASE WHEN ${x} IS NULL OR NOT (${unsafe(x)}) THEN to_json(${x}) ELSE to_json(['n', CAST(${x} AS VARCHAR)]) END`;
        return [
          `list_transform(l, lambda x: CAST(${x} AS DOUBLE))`,
          `CASE WHEN u${f} THEN ${json(`list_transform(l, lambda x: ${tagged})`)} END`,
        ];
      }
      case 'string':
      case 'bool':
        return [json(field(`f${f}`))];
      default:
        return [field(`f${f}`)];
    }
  });
  const latest = latestRowsSql(query, params, pushTable);
  const { sql: cast, digits } = withKeyColumns(view.joinKeys, keyTypes, latest);
  const keyed = `SELECT *, concat(${encodedKeyParts(digits).join(', ')}) AS __plinth_key FROM (${cast})`;
  const grouped =
    `SELECT ${keyHashSql('__plinth_h')} % ${partitions} AS p, ` +
    `${[`list({${fields.join(', ')}}) AS l`, ...flags].join(', ')} FROM (${keyed}) GROUP BY p`;
  const stamps = [field('e'), created ? field('c') : 'NULL'];
  return `SELECT CAST(p AS INTEGER), ${json(field('k'))}, ${stamps.join(', ')}, ${columns.join(', ')} FROM (${grouped})`;
}

/** A list row's doubles, copied, and which of them are present. */
function doubles(vector: ListVectorLike, row: number): { data: Float64Array; present: Uint8Array } {
  const child = vector.childVector;
  const offset = vector.getEntryOffset(row);
  const length = vector.getEntryLength(row);
  const items = child.items as Float64Array;
  const data = items.slice(offset, offset + length);
  const present = new Uint8Array(length).fill(1);
  const bits = child.validity?.data;
  if (bits) {
    const words = new Uint32Array(bits.buffer, bits.byteOffset, bits.length * 2);
    for (let i = 0; i < length; i++) {
      const bit = offset + i;
      if (((words[bit >>> 5]! >>> (bit & 31)) & 1) === 0) {
        present[i] = 0;
        data[i] = 0;
      }
    }
  }
  return { data, present };
}

/**
 * Yields the partitions of a view's latest rows. Only for views whose keys pass {@link partitionable}.
 */
export async function* latestPartitions(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
  partitions: number,
  keyTypes: ReadonlyMap<string, string>,
): AsyncGenerator<OnlinePartition> {
  const features = query.view.features;
  const chunks = materializeChunks(connection, query, (params) =>
    partitionsSql(query, params, pushTable, partitions, keyTypes),
  );
  for await (const chunk of chunks) {
    const vector = (index: number) => chunk.getColumnVector(index) as unknown;
    const ids = vector(0) as VectorLike;
    const events = vector(2) as ListVectorLike;
    const created = vector(3) as unknown;
    for (let row = 0; row < chunk.rowCount; row++) {
      let at = 4;
      const columns: OnlinePartitionColumn[] = features.map((feature) => {
        if (feature.type === 'string' || feature.type === 'bool') {
          return { kind: 'json', json: blob(vector(at++), row)! };
        }
        const numbers = doubles(vector(at++) as ListVectorLike, row);
        if (feature.type === 'int64') {
          const json = blob(vector(at++), row);
          if (json !== null) return { kind: 'json', json };
        }
        return { kind: 'f64', ...numbers };
      });
      const event = doubles(events, row).data;
      let stamps: Float64Array;
      if (query.view.source.createdTimestampField === undefined)
        stamps = new Float64Array(event.length).fill(Number.NaN);
      else {
        const read = doubles(created as ListVectorLike, row);
        stamps = read.data;
        for (let i = 0; i < stamps.length; i++) if (read.present[i] === 0) stamps[i] = Number.NaN;
      }
      yield {
        partition: Number(ids.getItem(row)),
        length: event.length,
        keys: blob(vector(1), row)!,
        eventTimestamps: event,
        createdTimestamps: stamps,
        columns,
      };
    }
  }
}
