// The latest rows of a view as row texts built inside DuckDB (`OnlineRowTexts`): per entity its encoded key and
// `<event ms>;<created ms>;{"<feature>":"<tagged value>",…}`, gathered into one blob per group of about a thousand
// entities, so JS splits a few hundred strings instead of decoding two million values one by one.
import type { OnlineRowTexts } from '../../online/port.ts';
import type { LatestQuery } from '../port.ts';
import { type Connection, chunksOf, start } from './connection.ts';
import { latestRowsSql } from './latest.ts';
import { encodedKeySql } from './partitions.ts';
import { Params, quote, quoteLiteral } from './sql.ts';

const SAFE = '9007199254740991';

/** Groups the rows are spread over (one blob each): about a thousand entities each for a million. */
const GROUPS = 1024;

const decoder = new TextDecoder();

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

/** The SQL of the row texts: one row per group, `key\nrow\nkey\nrow…` as a blob. */
export function rowTextsSql(query: LatestQuery, params: Params, pushTable: string | undefined): string {
  const { view } = query;
  const fields = view.features.map(
    (feature, f) =>
      `${quoteLiteral(`${f === 0 ? '' : ','}${JSON.stringify(feature.name)}:`)} || ${taggedSql(feature.type, quote(feature.name))}`,
  );
  const row =
    `CAST(__plinth_e // 1000 AS VARCHAR) || ';' || coalesce(CAST(__plinth_c // 1000 AS VARCHAR), '') || ';{' || ` +
    `${fields.length > 0 ? `${fields.join(' || ')} || ` : ''}'}'`;
  const keyed = `SELECT ${encodedKeySql(view.joinKeys)} AS k, ${row} AS r FROM (${latestRowsSql(query, params, pushTable)})`;
  return `SELECT encode(string_agg(k || chr(10) || r, chr(10))) FROM (${keyed}) GROUP BY hash(k) % ${GROUPS}`;
}

/** Yields the row texts of a view's latest rows, a group at a time. Only for views `partitionable` accepts. */
export async function* latestRowTexts(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
): AsyncGenerator<OnlineRowTexts> {
  const params = new Params();
  const sql = rowTextsSql(query, params, pushTable);
  const subject = `materialize ${query.view.name}`;
  const result = await start(connection, sql, params.values, subject);
  for await (const chunk of chunksOf(result, subject)) {
    const texts = chunk.getColumnVector(0) as unknown as { getItemBytes(row: number): Uint8Array | null };
    for (let row = 0; row < chunk.rowCount; row++) {
      const bytes = texts.getItemBytes(row);
      if (bytes === null) continue;
      const pairs = decoder.decode(bytes).split('\n');
      yield { length: pairs.length / 2, pairs };
    }
  }
}
