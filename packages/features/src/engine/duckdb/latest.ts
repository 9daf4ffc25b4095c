// The latest row per entity of a view in [start, end], computed by DuckDB into a materialized result and read in
// columnar batches (DOUBLE columns copied a vector at a time, see columns.ts).
import type { LatestBatch, LatestQuery } from '../port.ts';
import { PairColumn } from './columns.ts';
import { type Connection, mapError } from './connection.ts';
import { sourceSql } from './sources.ts';
import { familyOf, Params, quote } from './sql.ts';

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
  const source = sourceSql(view, params, pushTable);
  const start = params.add(BigInt(Math.trunc(query.startMs)));
  const end = params.add(BigInt(Math.trunc(query.endMs)));
  const time = (placeholder: string) =>
    `CAST(make_timestamp(CAST(${placeholder} AS BIGINT) * 1000) AS TIMESTAMPTZ)`;
  const keys = view.joinKeys.flatMap((key) =>
    familyOf(keyTypes.get(key) ?? '') === 'integer' ? splitInt(quote(key)) : [quote(key), 'NULL'],
  );
  const features = view.features.flatMap((feature) =>
    feature.type === 'timestamp'
      ? [`CAST(epoch_ms(${quote(feature.name)}) AS DOUBLE)`, 'NULL']
      : isInt64(view, feature.name)
        ? splitInt(quote(feature.name))
        : [quote(feature.name), 'NULL'],
  );
  return (
    `SELECT ${[...keys, ...features, 'CAST(epoch_ms(__plinth_ets) AS DOUBLE)', 'CAST(epoch_ms(__plinth_cts) AS DOUBLE)'].join(', ')} ` +
    `FROM (${source}) WHERE __plinth_ets >= ${time(start)} AND __plinth_ets <= ${time(end)} ${latestQualify(view)}`
  );
}

/** `QUALIFY` keeping the latest row per entity (ties on the event time broken by the created time, if any). */
function latestQualify(view: LatestQuery['view']): string {
  const partition = view.joinKeys.length ? `PARTITION BY ${view.joinKeys.map(quote).join(', ')} ` : '';
  // without a created timestamp field every row's is NULL: sorting on it only costs time
  const order = view.source.createdTimestampField
    ? '__plinth_ets DESC, __plinth_cts DESC NULLS LAST'
    : '__plinth_ets DESC';
  return `QUALIFY row_number() OVER (${partition}ORDER BY ${order}) = 1`;
}

/** The latest source rows of a view in a time range, with the columns of `sourceSql`. */
export function latestRowsSql(query: LatestQuery, params: Params, pushTable: string | undefined): string {
  const source = sourceSql(query.view, params, pushTable);
  const start = params.add(BigInt(Math.trunc(query.startMs)));
  const end = params.add(BigInt(Math.trunc(query.endMs)));
  const time = (placeholder: string) =>
    `CAST(make_timestamp(CAST(${placeholder} AS BIGINT) * 1000) AS TIMESTAMPTZ)`;
  return (
    `SELECT * FROM (${source}) WHERE __plinth_ets >= ${time(start)} AND __plinth_ets <= ${time(end)} ` +
    latestQualify(query.view)
  );
}

/**
 * Yields the latest rows in batches of about `query.batchRows` rows. The query runs to a materialized result
 * (DuckDB's parallel pipeline; a streaming result of the QUALIFY query ran much of it on the JS thread, chunk by
 * chunk), then chunks are copied while the next one is fetched.
 */
export async function* latestBatches(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
  keyTypes: ReadonlyMap<string, string>,
): AsyncGenerator<LatestBatch> {
  const params = new Params();
  const sql = latestSql(query, params, pushTable, keyTypes);
  const subject = `materialize ${query.view.name}`;
  let result: Awaited<ReturnType<Connection['stream']>>;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: parameters built above
    result = await connection.run(sql, params.values as any);
  } catch (error) {
    throw mapError(error, subject);
  }
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
  const fetch = async () => {
    try {
      return await result.fetchChunk();
    } catch (error) {
      throw mapError(error, subject);
    }
  };
  let batch = startBatch();
  // the next chunk is fetched (on DuckDB's threads) while this one is copied
  let pending = fetch();
  try {
    for (;;) {
      const chunk = await pending;
      if (!chunk || chunk.rowCount === 0) break;
      pending = fetch();
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
  } finally {
    // a consumer that stops early (or a failure) leaves no fetch unobserved
    pending.catch(() => {});
  }
  if (batch.length > 0) yield finish(batch);
}
