// The latest rows of a view as buckets of row texts built inside DuckDB (`OnlineRowTexts`): per entity a record
// `\x1e<encoded key>\x1f<event ms>;<created ms>;{"<feature>":"<tagged value>",…}`, the records of each bucket
// (`keyHash(key) % buckets`, FNV-1a as in partitions.ts) concatenated into one string, so JS hands a store one
// string per bucket instead of two million values.
import type { OnlineRowTexts } from '../../online/port.ts';
import type { LatestQuery } from '../port.ts';
import { type Connection, chunksOf, start } from './connection.ts';
import { latestRowsSql } from './latest.ts';
import { encodedKeySql, keyHashSql } from './partitions.ts';
import { Params, quote, quoteLiteral } from './sql.ts';

const SAFE = '9007199254740991';

/** A feature value as the JSON string of its tagged text (`encodeValue`): `"n1.5"`, `"sabc"`, `"z"` for null. */
function taggedSql(type: string, column: string): string {
  let tagged: string;
  switch (type) {
    case 'int32':
    case 'int64':
      tagged = `'"' || CASE WHEN ${column} BETWEEN -${SAFE} AND ${SAFE} THEN 'n' ELSE 'i' END || CAST(${column} AS VARCHAR) || '"'`;
      break;
    case 'float32':
    case 'float64': {
      // DuckDB prints the shortest text that reads back as the same double; JS spells the specials differently
      const value = `CAST(${column} AS DOUBLE)`;
      tagged =
        `'"n' || CASE WHEN isnan(${value}) THEN 'NaN' WHEN isinf(${value}) THEN ` +
        `CASE WHEN ${value} > 0 THEN 'Infinity' ELSE '-Infinity' END ELSE CAST(${value} AS VARCHAR) END || '"'`;
      break;
    }
    case 'string':
      tagged = `to_json('s' || ${column})`;
      break;
    case 'bool':
      tagged = `CASE WHEN ${column} THEN '"t"' ELSE '"f"' END`;
      break;
    default:
      // timestamp: epoch microseconds from latestRowsSql
      tagged = `'"n' || CAST(${column} // 1000 AS VARCHAR) || '"'`;
  }
  return `CASE WHEN ${column} IS NULL THEN '"z"' ELSE ${tagged} END`;
}

/** The SQL of the buckets: one row per bucket that has entities: bucket, entities, records. */
export function rowTextsSql(
  query: LatestQuery,
  params: Params,
  pushTable: string | undefined,
  buckets: number,
): string {
  const { view } = query;
  const fields = view.features.map(
    (feature, f) =>
      `${quoteLiteral(`${f === 0 ? '' : ','}${JSON.stringify(feature.name)}:`)} || ${taggedSql(feature.type, quote(feature.name))}`,
  );
  const row =
    `CAST(__plinth_e // 1000 AS VARCHAR) || ';' || coalesce(CAST(__plinth_c // 1000 AS VARCHAR), '') || ';{' || ` +
    `${fields.length > 0 ? `${fields.join(' || ')} || ` : ''}'}'`;
  // integer keys only (`partitionable`): no key needs the separators escaped
  const keyed = `SELECT *, ${encodedKeySql(view.joinKeys)} AS __plinth_key FROM (${latestRowsSql(query, params, pushTable)})`;
  const records =
    `SELECT CAST(${keyHashSql(view.joinKeys, '__plinth_key')} % ${Math.trunc(buckets)} AS INTEGER) AS b, ` +
    `chr(30) || __plinth_key || chr(31) || ${row} AS r FROM (${keyed})`;
  return `SELECT b, CAST(count(*) AS INTEGER), string_agg(r, '') FROM (${records}) GROUP BY b`;
}

/**
 * Yields a view's latest rows as buckets of row texts, one bucket at a time. Only for views `partitionable`
 * accepts.
 */
export async function* latestRowTexts(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
  buckets: number,
): AsyncGenerator<OnlineRowTexts> {
  const params = new Params();
  const sql = rowTextsSql(query, params, pushTable, buckets);
  const subject = `materialize ${query.view.name}`;
  const result = await start(connection, sql, params.values, subject);
  for await (const chunk of chunksOf(result, subject)) {
    const ids = chunk.getColumnVector(0) as unknown as { getItem(row: number): unknown };
    const counts = chunk.getColumnVector(1) as unknown as { getItem(row: number): unknown };
    const texts = chunk.getColumnVector(2) as unknown as { getItem(row: number): unknown };
    for (let row = 0; row < chunk.rowCount; row++) {
      yield {
        bucket: Number(ids.getItem(row)),
        length: Number(counts.getItem(row)),
        text: texts.getItem(row) as string,
      };
    }
  }
}
