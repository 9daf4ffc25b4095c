// The latest rows of a view grouped by online partition inside DuckDB: the entity key encoded as
// `encodeEntityKey` does, the partition as `keyHash(key) % partitions` (FNV-1a), and per partition the keys and
// every text column as one UTF-8 JSON array, the numeric columns as lists read a vector at a time. JS copies a
// few blobs and typed arrays per partition instead of converting a million values one by one.
import type { OnlinePartition, OnlinePartitionColumn } from '../../online/port.ts';
import { keyHash } from '../../online/storage/key-index.ts';
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

/** 32-bit FNV-1a over the characters of an ASCII string expression, from state `seed` (`keyHash`). */
function fnvSql(expression: string, seed: string): string {
  return (
    `list_reduce(list_transform(string_split(${expression}, ''), lambda c: unicode(c)), ` +
    `lambda h, c: (xor(h, c) * 16777619) % 4294967296, CAST(${seed} AS BIGINT))`
  );
}

/** `keyHash` of `i<n>:`, for n up to 40 (the longest integer has 40 digits): the state before a key's digits. */
const PREFIX_HASHES = `[${Array.from({ length: 41 }, (_, n) => keyHash(`i${n}:`)).join(', ')}]`;

/**
 * `keyHash` of the encoded key (`encoded`) of integer key columns whose digits are `digits`. With one key only its
 * digits go through the (per character, so costly) FNV loop: the state after the `i<n>:` prefix is looked up.
 */
export function keyHashSql(digits: readonly string[], encoded: string): string {
  if (digits.length !== 1) return fnvSql(encoded, '2166136261');
  return fnvSql(digits[0]!, `${PREFIX_HASHES}[length(${digits[0]}) + 1]`);
}

/**
 * The latest rows (`latestRowsSql`) with each key's digits cast once into a column, as the encoded key and its
 * hash both read them: the SQL, and the digit columns.
 */
export function withKeyDigits(
  joinKeys: readonly string[],
  latestRows: string,
): { sql: string; digits: string[] } {
  const digits = joinKeys.map((_, k) => `__plinth_d${k}`);
  const casts = joinKeys.map((name, k) => `CAST(${quote(name)} AS VARCHAR) AS ${digits[k]}`);
  return { sql: `SELECT *, ${casts.join(', ')} FROM (${latestRows})`, digits };
}

/** The SQL of the partitions: one row per partition that has rows. */
export function partitionsSql(
  query: LatestQuery,
  params: Params,
  pushTable: string | undefined,
  partitions: number,
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
  const { sql: cast, digits } = withKeyDigits(view.joinKeys, latestRowsSql(query, params, pushTable));
  const keyed = `SELECT *, concat(${encodedKeyParts(digits).join(', ')}) AS __plinth_key FROM (${cast})`;
  const grouped =
    `SELECT ${keyHashSql(digits, '__plinth_key')} % ${partitions} AS p, ` +
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
): AsyncGenerator<OnlinePartition> {
  const features = query.view.features;
  const chunks = materializeChunks(connection, query, (params) =>
    partitionsSql(query, params, pushTable, partitions),
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
