// The latest row per entity of a view in [start, end], computed by DuckDB into a materialized result and read in
// columnar batches (DOUBLE columns copied a vector at a time, see columns.ts).
import type { LatestBatch, LatestQuery } from '../port.ts';
import { PairColumn } from './columns.ts';
import { type Connection, chunksOf, start } from './connection.ts';
import { sourceRowsSql } from './sources.ts';
import { DUCK_TYPE, familyOf, Params, quote } from './sql.ts';

function key(value: unknown): string | number | bigint | boolean {
  if (typeof value === 'bigint')
    return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
  return value as string | number | boolean;
}

function scalar(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
  if (value !== null && typeof value === 'object') {
    const decimal = value as { toDouble?: () => number };
    if (typeof decimal.toDouble === 'function') return decimal.toDouble();
  }
  return value;
}

/** Whether a view column is an int64 (read as a DOUBLE when exact, else as a BIGINT beside it: no bigint per value). */
function isInt64(view: LatestQuery['view'], column: string): boolean {
  return view.features.some(
    (feature) => feature.name === column && (feature.type === 'int64' || feature.type === 'int32'),
  );
}

const SAFE = '9007199254740991';

/** Columns of an int64: `(exact as DOUBLE or NULL, BIGINT when not exact)`. */
function splitInt(expression: string): string[] {
  return [
    `CASE WHEN ${expression} BETWEEN -${SAFE} AND ${SAFE} THEN CAST(${expression} AS DOUBLE) END`,
    `CASE WHEN ${expression} NOT BETWEEN -${SAFE} AND ${SAFE} THEN ${expression} END`,
  ];
}

/**
 * The SQL of the latest rows of a view in a time range: per key and feature column, int64s come as two columns
 * (exact DOUBLE, else BIGINT), timestamps as epoch-ms DOUBLEs.
 */
export function latestSql(
  query: LatestQuery,
  params: Params,
  pushTable: string | undefined,
  keyTypes: ReadonlyMap<string, string>,
): string {
  const { view } = query;
  const keys = view.joinKeys.flatMap((key) =>
    familyOf(keyTypes.get(key) ?? '') === 'integer' ? splitInt(quote(key)) : [quote(key), 'NULL'],
  );
  const features = view.features.flatMap((feature) =>
    feature.type === 'timestamp'
      ? [epochMsSql(quote(feature.name)), 'NULL']
      : isInt64(view, feature.name)
        ? splitInt(quote(feature.name))
        : [quote(feature.name), 'NULL'],
  );
  const stamps = [epochMsSql('__plinth_e'), epochMsSql('__plinth_c')];
  return `SELECT ${[...keys, ...features, ...stamps].join(', ')} FROM (${latestRowsSql(query, params, pushTable)})`;
}

/** Epoch microseconds (BIGINT) as epoch milliseconds (DOUBLE), truncated as DuckDB's `epoch_ms` does. */
export function epochMsSql(micros: string): string {
  return `CAST(${micros} // 1000 AS DOUBLE)`;
}

/**
 * The latest source row per entity of a view in a time range: the join keys, `__plinth_e` and `__plinth_c` (event
 * and created time as epoch microseconds, BIGINT; `__plinth_c` NULL without a created field) and the features as
 * their DuckDB types, timestamps as epoch microseconds. Times are compared as epoch numbers read straight from
 * the source column: a cast of every source row to TIMESTAMPTZ goes through ICU and cost more than the window.
 */
export function latestRowsSql(query: LatestQuery, params: Params, pushTable: string | undefined): string {
  const { view } = query;
  const created = view.source.createdTimestampField;
  const columns = [
    ...view.joinKeys.map(quote),
    `epoch_us(${quote(view.source.timestampField)}) AS __plinth_e`,
    created ? `epoch_us(${quote(created)}) AS __plinth_c` : 'CAST(NULL AS BIGINT) AS __plinth_c',
    ...view.features.map((feature) =>
      feature.type === 'timestamp'
        ? `epoch_us(${quote(feature.name)}) AS ${quote(feature.name)}`
        : `CAST(${quote(feature.name)} AS ${DUCK_TYPE[feature.type]}) AS ${quote(feature.name)}`,
    ),
  ];
  const start = params.add(BigInt(Math.trunc(query.startMs)));
  const end = params.add(BigInt(Math.trunc(query.endMs)));
  const partition = view.joinKeys.length ? `PARTITION BY ${view.joinKeys.map(quote).join(', ')} ` : '';
  // without a created timestamp field every row's is NULL: sorting on it only costs time
  const order = created ? '__plinth_e DESC, __plinth_c DESC NULLS LAST' : '__plinth_e DESC';
  return (
    `SELECT * FROM (SELECT ${columns.join(', ')} ${sourceRowsSql(view, params, pushTable)}) ` +
    `WHERE __plinth_e >= CAST(${start} AS BIGINT) * 1000 AND __plinth_e <= CAST(${end} AS BIGINT) * 1000 ` +
    `QUALIFY row_number() OVER (${partition}ORDER BY ${order}) = 1`
  );
}

/**
 * The chunks of a query over a view's latest rows, built by `build` with its parameters; DuckDB's errors name
 * `materialize <view>`. Materialized (`run`) unless `mode` says `stream`.
 */
export async function* materializeChunks(
  connection: Connection,
  query: LatestQuery,
  build: (params: Params) => string,
  mode: 'run' | 'stream' = 'run',
) {
  const params = new Params();
  const sql = build(params);
  const subject = `materialize ${query.view.name}`;
  yield* chunksOf(await start(connection, sql, params.values, subject, mode), subject);
}

/**
 * Yields the latest rows in batches of about `query.batchRows` rows. The query runs to a materialized result
 * (DuckDB's parallel pipeline; a streaming result of the QUALIFY query ran much of it on the JS thread, chunk by
 * chunk), then chunks are copied while the next one is fetched (`chunksOf`).
 */
export async function* latestBatches(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
  keyTypes: ReadonlyMap<string, string>,
): AsyncGenerator<LatestBatch> {
  const chunks = materializeChunks(connection, query, (params) =>
    latestSql(query, params, pushTable, keyTypes),
  );
  const keyCount = query.view.joinKeys.length;
  const featureCount = query.view.features.length;
  const capacity = query.batchRows + 2048;
  const startBatch = () => ({
    keys: Array.from({ length: keyCount }, () => new PairColumn(capacity, key)),
    values: Array.from({ length: featureCount }, () => new PairColumn(capacity, scalar)),
    events: new PairColumn(capacity, (value) => value),
    created: new PairColumn(capacity, (value) => value),
    length: 0,
  });
  const finish = (batch: ReturnType<typeof startBatch>): LatestBatch => {
    const keyColumns = batch.keys.map((column) => column.finish());
    const keys: (readonly (string | number | bigint | boolean)[])[] = new Array(batch.length);
    if (keyCount === 1) {
      const only = keyColumns[0]!;
      for (let row = 0; row < batch.length; row++)
        keys[row] = [only[row] as string | number | bigint | boolean];
    } else {
      for (let row = 0; row < batch.length; row++) {
        keys[row] = keyColumns.map((column) => column[row] as string | number | bigint | boolean);
      }
    }
    return {
      length: batch.length,
      keys,
      values: batch.values.map((column) => column.finish()),
      eventTimestamps: batch.events.finish() as ArrayLike<number>,
      createdTimestamps: batch.created.allNull()
        ? null
        : (batch.created.finish() as ArrayLike<number | null>),
    };
  };
  let batch = startBatch();
  for await (const chunk of chunks) {
    const rows = chunk.rowCount;
    const column = (index: number) => chunk.getColumnVector(index);
    for (let k = 0; k < keyCount; k++) batch.keys[k]!.append(column(2 * k), column(2 * k + 1), rows);
    for (let f = 0; f < featureCount; f++) {
      const at = 2 * keyCount + 2 * f;
      batch.values[f]!.append(column(at), column(at + 1), rows);
    }
    batch.events.append(column(2 * keyCount + 2 * featureCount), undefined, rows);
    batch.created.append(column(2 * keyCount + 2 * featureCount + 1), undefined, rows);
    batch.length += rows;
    if (batch.length >= query.batchRows) {
      yield finish(batch);
      batch = startBatch();
    }
  }
  if (batch.length > 0) yield finish(batch);
}
