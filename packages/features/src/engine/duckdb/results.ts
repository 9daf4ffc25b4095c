// Reads DuckDB results into JS columns: timestamps as Date (UTC, ms), int64 as bigint, decimals as numbers.
import type { FeatureType } from '../../definitions/types.ts';
import type { ResultColumns, ResultColumnType } from '../port.ts';
import { type Connection, chunksOf, start } from './connection.ts';

const TYPE_OF: Readonly<Record<string, FeatureType>> = {
  BIGINT: 'int64',
  INTEGER: 'int32',
  SMALLINT: 'int32',
  TINYINT: 'int32',
  DOUBLE: 'float64',
  FLOAT: 'float32',
  VARCHAR: 'string',
  BOOLEAN: 'bool',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  TIMESTAMPTZ: 'timestamp',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  TIMESTAMP_NS: 'timestamp',
};

/** The result column type of a DuckDB type name. */
export function resultType(duckType: string): ResultColumnType {
  return TYPE_OF[duckType.toUpperCase()] ?? `other:${duckType}`;
}

/** Converts one DuckDB value to JS. */
export function toJs(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const object = value as {
    micros?: bigint;
    millis?: bigint;
    seconds?: bigint;
    nanos?: bigint;
    days?: number;
  };
  if (typeof object.micros === 'bigint') return new Date(Number(object.micros / 1000n));
  if (typeof object.millis === 'bigint') return new Date(Number(object.millis));
  if (typeof object.seconds === 'bigint') return new Date(Number(object.seconds) * 1000);
  if (typeof object.nanos === 'bigint') return new Date(Number(object.nanos / 1_000_000n));
  if (typeof object.days === 'number' && Object.keys(object).length === 1)
    return new Date(object.days * 86_400_000);
  if (typeof (value as { toDouble?: unknown }).toDouble === 'function')
    return (value as { toDouble(): number }).toDouble();
  return String(value);
}

/** Runs a query and collects its result by columns, chunk by chunk. */
export async function readColumns(
  connection: Connection,
  sql: string,
  params: readonly unknown[],
  subject: string,
  onRows?: (rows: number) => void,
): Promise<ResultColumns> {
  const result = await start(connection, sql, params, subject, 'stream');
  const names = result.columnNames();
  const types = result.columnTypes().map((type) => resultType(type.toString()));
  const columns: unknown[][] = names.map(() => []);
  let length = 0;
  for await (const chunk of chunksOf(result, subject)) {
    for (let index = 0; index < names.length; index++) {
      const target = columns[index]!;
      for (const value of chunk.getColumnValues(index)) target.push(toJs(value));
    }
    length += chunk.rowCount;
    onRows?.(length);
  }
  return { names, types, columns, length };
}
