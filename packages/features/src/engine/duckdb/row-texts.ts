// The latest rows of a view as buckets of row texts built inside DuckDB (`OnlineRowTexts`): a header
// `\x1c<JSON array of the view's feature names>`, then per entity a record
// `\x1e<encoded key>\x1f<event ms>;<created ms>;["<tagged value>",…]`, the records of each bucket
// (`keyHash(key) % buckets`, key-hash.ts, in SQL as in partitions.ts) concatenated into one string, so JS hands
// a store one string per bucket instead of two million values. The texts stay VARCHARs (an `encode` to BLOB cost
// one more copy of every byte) and are read a run of back-to-back strings at a time (string-runs.ts).
import type { OnlineRowTexts } from '../../online/port.ts';
import type { LatestQuery } from '../port.ts';
import type { Connection } from './connection.ts';
import { latestRowsSql, materializeChunks } from './latest.ts';
import { encodedKeyParts, keyHashSql, withKeyColumns } from './partitions.ts';
import { type Params, quote, quoteLiteral } from './sql.ts';
import { readStrings } from './string-runs.ts';

const SAFE = '9007199254740991';

/**
 * A feature value as the JSON string of its tagged text (`encodeValue`): `"n1.5"`, `"sabc"`, `"z"` for null, as
 * arguments of one `concat` (which reads NULL as empty): the row is then built with one allocation instead of one
 * per `||`.
 */
function taggedParts(type: string, column: string): string[] {
  const isNull = `${column} IS NULL`;
  const close = `CASE WHEN ${isNull} THEN '' ELSE '"' END`;
  switch (type) {
    case 'int32':
    case 'int64':
      return [
        `CASE WHEN ${isNull} THEN '"z"' WHEN ${column} BETWEEN -${SAFE} AND ${SAFE} THEN '"n' ELSE '"i' END`,
        `CAST(${column} AS VARCHAR)`,
        close,
      ];
    case 'float32':
    case 'float64':
      // DuckDB prints the shortest text that reads back as the same double (`nan`, `inf`, `-inf` for the
      // specials, which the readers take as JS spells them)
      return [
        `CASE WHEN ${isNull} THEN '"z"' ELSE '"n' END`,
        `CAST(CAST(${column} AS DOUBLE) AS VARCHAR)`,
        close,
      ];
    case 'string':
      return [`CASE WHEN ${isNull} THEN '"z"' ELSE to_json(concat('s', ${column})) END`];
    case 'bool':
      return [`CASE WHEN ${isNull} THEN '"z"' WHEN ${column} THEN '"t"' ELSE '"f"' END`];
    default:
      // timestamp: epoch microseconds from latestRowsSql
      return [`CASE WHEN ${isNull} THEN '"z"' ELSE '"n' END`, `CAST(${column} // 1000 AS VARCHAR)`, close];
  }
}

/** The SQL of the buckets: one row per bucket that has entities: bucket, entities, records. */
export function rowTextsSql(
  query: LatestQuery,
  params: Params,
  pushTable: string | undefined,
  buckets: number,
  keyTypes: ReadonlyMap<string, string>,
): string {
  const { view } = query;
  const latest = latestRowsSql(query, params, pushTable);
  const { sql: keyed, digits } = withKeyColumns(view.joinKeys, keyTypes, latest);
  const key = encodedKeyParts(digits);
  const features = view.features.flatMap((feature, f) => [
    ...(f === 0 ? [] : [`','`]),
    ...taggedParts(feature.type, quote(feature.name)),
  ]);
  // integer keys only (`partitionable`): no key needs the separators escaped
  const record = [
    'chr(30)',
    ...key,
    'chr(31)',
    'CAST(__plinth_e // 1000 AS VARCHAR)',
    `';'`,
    'CAST(__plinth_c // 1000 AS VARCHAR)',
    `';['`,
    ...features,
    `']'`,
  ];
  const records =
    `SELECT CAST(${keyHashSql('__plinth_h')} % ${Math.trunc(buckets)} AS INTEGER) AS b, ` +
    `concat(${record.join(', ')}) AS r FROM (${keyed})`;
  // every bucket starts with its header: the view's feature names, the order of every row's values
  const header = quoteLiteral(JSON.stringify(view.features.map((feature) => feature.name)));
  return `SELECT b, CAST(count(*) AS INTEGER), concat(chr(28), ${header}, string_agg(r, '')) FROM (${records}) GROUP BY b`;
}

/**
 * Yields a view's latest rows as buckets of row texts, a chunk of buckets at a time. Only for views `partitionable`
 * accepts.
 */
export async function* latestRowTexts(
  connection: Connection,
  query: LatestQuery,
  pushTable: string | undefined,
  buckets: number,
  keyTypes: ReadonlyMap<string, string>,
): AsyncGenerator<OnlineRowTexts> {
  const chunks = materializeChunks(
    connection,
    query,
    (params) => rowTextsSql(query, params, pushTable, buckets, keyTypes),
    'stream',
  );
  for await (const chunk of chunks) {
    const ids = chunk.getColumnVector(0) as unknown as { getItem(row: number): unknown };
    const sizes = chunk.getColumnVector(1) as unknown as { getItem(row: number): unknown };
    const rows = chunk.rowCount;
    const texts = readStrings(chunk.getColumnVector(2), rows);
    const batch = { length: 0, buckets: [] as number[], counts: [] as number[], texts: [] as Uint8Array[] };
    for (let row = 0; row < rows; row++) {
      const count = Number(sizes.getItem(row));
      batch.length += count;
      batch.buckets.push(Number(ids.getItem(row)));
      batch.counts.push(count);
      batch.texts.push(texts.runs[texts.run[row]!]!.subarray(texts.start[row], texts.end[row]));
    }
    yield batch;
  }
}
