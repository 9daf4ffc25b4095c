// The latest row per entity of a view in [start, end], streamed from DuckDB in columnar batches.
import type { LatestBatch, LatestQuery } from '../port.ts';
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
  const partition = view.joinKeys.length ? `PARTITION BY ${view.joinKeys.map(quote).join(', ')} ` : '';
  return (
    `SELECT ${[...keys, ...features, 'CAST(epoch_ms(__plinth_ets) AS DOUBLE)', 'CAST(epoch_ms(__plinth_cts) AS DOUBLE)'].join(', ')} ` +
    `FROM (${source}) WHERE __plinth_ets >= ${time(start)} AND __plinth_ets <= ${time(end)} ` +
    `QUALIFY row_number() OVER (${partition}ORDER BY __plinth_ets DESC, __plinth_cts DESC NULLS LAST) = 1`
  );
}

/** Streams the latest rows in batches of about `query.batchRows` rows. */
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
    result = await connection.stream(sql, params.values as any);
  } catch (error) {
    throw mapError(error, subject);
  }
  const keyCount = query.view.joinKeys.length;
  const featureCount = query.view.features.length;
  let batch = emptyBatch(featureCount);
  for (;;) {
    let chunk: Awaited<ReturnType<typeof result.fetchChunk>>;
    try {
      chunk = await result.fetchChunk();
    } catch (error) {
      throw mapError(error, subject);
    }
    if (!chunk || chunk.rowCount === 0) break;
    const rows = chunk.rowCount;
    const column = (index: number) => chunk.getColumnValues(index);
    const keyColumns = Array.from(
      { length: keyCount },
      (_, k) => [column(2 * k), column(2 * k + 1)] as const,
    );
    for (let row = 0; row < rows; row++) {
      const tuple = new Array(keyCount);
      for (let k = 0; k < keyCount; k++) {
        const [exact, other] = keyColumns[k]!;
        const value = exact[row];
        tuple[k] = value === null ? key(other[row]) : value;
      }
      batch.keys.push(tuple);
    }
    for (let f = 0; f < featureCount; f++) {
      const exact = column(2 * keyCount + 2 * f);
      const other = column(2 * keyCount + 2 * f + 1);
      const target = batch.values[f]!;
      for (let row = 0; row < rows; row++) {
        const value = exact[row];
        target.push(value === null ? scalar(other[row]) : scalar(value));
      }
    }
    const events = column(2 * keyCount + 2 * featureCount);
    const created = column(2 * keyCount + 2 * featureCount + 1);
    for (let row = 0; row < rows; row++) {
      batch.eventTimestamps.push(events[row] as number);
      const value = created[row];
      batch.createdTimestamps.push(value === null || value === undefined ? null : (value as number));
    }
    if (batch.keys.length >= query.batchRows) {
      yield { ...batch, length: batch.keys.length };
      batch = emptyBatch(featureCount);
    }
  }
  if (batch.keys.length > 0) yield { ...batch, length: batch.keys.length };
}

function emptyBatch(featureCount: number) {
  return {
    keys: [] as (readonly (string | number | bigint | boolean)[])[],
    values: Array.from({ length: featureCount }, () => [] as unknown[]),
    eventTimestamps: [] as number[],
    createdTimestamps: [] as (number | null)[],
  };
}
