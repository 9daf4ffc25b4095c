// How the DuckDB engine reads a view's source: a table function over the file (path as a parameter), with
// timestamps as TIMESTAMPTZ, plus the rows pushed offline in this engine.
import type { FeatureView } from '../../definitions/feature-view.ts';
import { errors } from '../../errors.ts';
import { type Connection, describeQuery } from './connection.ts';
import { accepts, DUCK_TYPE, Params, quote, quoteLiteral } from './sql.ts';

/** A source's table expression and its columns. */
export interface SourceInfo {
  readonly columns: ReadonlyMap<string, string>;
}

/** The table function reading a view's files (`read_parquet($n)` / `read_csv($n, types = …)`). */
export function readerSql(view: FeatureView, params: Params): string {
  const source = view.source;
  const path = params.add(source.path);
  if (source.format === 'parquet') return `read_parquet(${path})`;
  const types = new Map<string, string>();
  for (const [name, type] of Object.entries(source.columns ?? {})) types.set(name, DUCK_TYPE[type]);
  types.set(source.timestampField, 'TIMESTAMPTZ');
  if (source.createdTimestampField) types.set(source.createdTimestampField, 'TIMESTAMPTZ');
  const struct = [...types].map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`).join(', ');
  return `read_csv(${path}, header = true, types = {${struct}})`;
}

/**
 * The rows of a view's source as a subquery with the columns the engine needs: join keys, the event timestamp
 * as `__plinth_ets` (TIMESTAMPTZ), the created timestamp as `__plinth_cts` (or NULL) and the features; rows with
 * a NULL event timestamp or a NULL key are left out. `pushTable` adds the rows pushed offline.
 */
export function sourceSql(view: FeatureView, params: Params, pushTable: string | undefined): string {
  const source = view.source;
  const created = source.createdTimestampField;
  const columns = [
    ...view.joinKeys.map(quote),
    `CAST(${quote(source.timestampField)} AS TIMESTAMPTZ) AS __plinth_ets`,
    created
      ? `CAST(${quote(created)} AS TIMESTAMPTZ) AS __plinth_cts`
      : 'CAST(NULL AS TIMESTAMPTZ) AS __plinth_cts',
    ...view.features.map(
      (feature) => `CAST(${quote(feature.name)} AS ${DUCK_TYPE[feature.type]}) AS ${quote(feature.name)}`,
    ),
  ];
  return `SELECT ${columns.join(', ')} ${sourceRowsSql(view, params, pushTable)}`;
}

/**
 * `FROM … WHERE …` of a view's usable source rows (files plus rows pushed offline; event timestamp and keys not
 * NULL), for queries that select their own columns.
 */
export function sourceRowsSql(view: FeatureView, params: Params, pushTable: string | undefined): string {
  const where = [
    `${quote(view.source.timestampField)} IS NOT NULL`,
    ...view.joinKeys.map((key) => `${quote(key)} IS NOT NULL`),
  ];
  const from = pushTable
    ? `(SELECT * FROM ${readerSql(view, params)} UNION ALL BY NAME SELECT * FROM ${quote(pushTable)})`
    : readerSql(view, params);
  return `FROM ${from} WHERE ${where.join(' AND ')}`;
}

/**
 * Reads a source's schema and checks its join keys, timestamp fields and features.
 *
 * @throws {PlinthError} `PLINTH_NOT_FOUND` when no file matches; `PLINTH_VALIDATION` naming the file, the column
 * and the type expected when a column is missing or of the wrong type.
 */
export async function checkSource(connection: Connection, view: FeatureView): Promise<Map<string, string>> {
  const params = new Params();
  const subject = `view ${view.name}: source ${JSON.stringify(view.source.path)}`;
  const described = await describeQuery(
    connection,
    `SELECT * FROM ${readerSql(view, params)}`,
    params.values,
    subject,
  );
  const columns = new Map(described.map((column) => [column.name, column.type]));
  const fail = (column: string, expected: string) => {
    const actual = columns.get(column);
    return errors.error(
      'PLINTH_VALIDATION',
      `${subject}: column ${JSON.stringify(column)} ${actual === undefined ? 'is missing' : `is ${actual}`}; expected ${expected}`,
      { details: { file: view.source.path, column, expected, actual: actual ?? null, view: view.name } },
    );
  };
  for (const key of view.joinKeys) if (!columns.has(key)) throw fail(key, 'a join key column');
  const source = view.source;
  for (const field of [source.timestampField, source.createdTimestampField]) {
    if (field === undefined) continue;
    const type = columns.get(field);
    if (type === undefined || !accepts('timestamp', type))
      throw fail(field, 'a timestamp (TIMESTAMP, TIMESTAMPTZ or DATE)');
  }
  for (const feature of view.features) {
    const type = columns.get(feature.name);
    if (type === undefined || !accepts(feature.type, type)) {
      throw fail(feature.name, `a column readable as ${feature.type} (${DUCK_TYPE[feature.type]})`);
    }
  }
  return columns;
}
