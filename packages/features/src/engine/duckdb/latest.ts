// The latest row per entity of a view in [start, end], streamed from DuckDB in columnar batches.
import type { LatestBatch, LatestQuery } from '../port.ts';
import { type Connection, mapError } from './connection.ts';
import { sourceSql } from './sources.ts';
import { Params, quote } from './sql.ts';

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

/** The SQL of the latest rows of a view in a time range. */
export function latestSql(query: LatestQuery, params: Params, pushTable: string | undefined): string {
  const { view } = query;
  const source = sourceSql(view, params, pushTable);
  const start = params.add(BigInt(Math.trunc(query.startMs)));
  const end = params.add(BigInt(Math.trunc(query.endMs)));
  const time = (placeholder: string) =>
    `CAST(make_timestamp(CAST(${placeholder} AS BIGINT) * 1000) AS TIMESTAMPTZ)`;
  const features = view.features.map((feature) =>
    feature.type === 'timestamp' ? `epoch_ms(${quote(feature.name)})` : quote(feature.name),
  );
  const partition = view.joinKeys.length ? `PARTITION BY ${view.joinKeys.map(quote).join(', ')} ` : '';
  return (
    `SELECT ${[...view.joinKeys.map(quote), ...features, 'epoch_ms(__plinth_ets)', 'epoch_ms(__plinth_cts)'].join(', ')} ` +
    `FROM (${source}) WHERE __plinth_ets >= ${time(start)} AND __plinth_ets <= ${time(end)} ` +
    `QUALIFY row_number() OVER (${partition}ORDER BY __plinth_ets DESC, __plinth_cts DESC NULLS LAST) = 1`
  );
}

/** Streams the latest rows in batches of about `query.batchRows` rows. */
export async function* latestBatches(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
): AsyncGenerator<LatestBatch> {
  const params = new Params();
  const sql = latestSql(query, params, pushTable);
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
    const columns = chunk.getColumns();
    const rows = chunk.rowCount;
    for (let row = 0; row < rows; row++) {
      const tuple = new Array(keyCount);
      for (let k = 0; k < keyCount; k++) tuple[k] = key(columns[k]![row]);
      batch.keys.push(tuple);
    }
    for (let f = 0; f < featureCount; f++) {
      const source = columns[keyCount + f]!;
      const target = batch.values[f]!;
      for (let row = 0; row < rows; row++) target.push(scalar(source[row]));
    }
    const events = columns[keyCount + featureCount]!;
    const created = columns[keyCount + featureCount + 1]!;
    for (let row = 0; row < rows; row++) {
      batch.eventTimestamps.push(Number(events[row]));
      const value = created[row];
      batch.createdTimestamps.push(value === null || value === undefined ? null : Number(value));
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
