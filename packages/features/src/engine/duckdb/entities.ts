// Loads entity rows (a file, a SQL query, an Arrow table or row objects) into a temp table of the job's connection.

import { errors, isPlainObject } from '../../errors.ts';
import { isSqlText } from '../entity-source.ts';
import type { ArrowTableLike, EntitySource } from '../port.ts';
import { appendColumns, type JsColumn } from './append.ts';
import { type Connection, describeQuery, mapError, run } from './connection.ts';
import { Params, quote } from './sql.ts';

/** The temp table holding the entity rows of one job. */
export const ENTITY_TABLE = '__plinth_entities';

/** Reads the column values of an Arrow table or of row objects into typed JS columns. */
function jsColumns(
  source: ArrowTableLike | readonly Record<string, unknown>[],
  timestampColumn: string,
): JsColumn[] {
  if (!Array.isArray(source)) {
    const table = source as ArrowTableLike;
    return table.schema.fields.map((field) => {
      const vector = table.getChild(field.name);
      const values: unknown[] = new Array(table.numRows);
      for (let index = 0; index < table.numRows; index++) values[index] = vector?.get(index) ?? null;
      return {
        name: field.name,
        values,
        arrowType: String(field.type),
        isTimestamp: field.name === timestampColumn,
      };
    });
  }
  const rows = source as readonly Record<string, unknown>[];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names.map((name) => ({
    name,
    values: rows.map((row) => (Object.hasOwn(row, name) ? row[name] : null) ?? null),
    isTimestamp: name === timestampColumn,
  }));
}

/**
 * Creates the job's entity temp table and returns its columns (name → DuckDB type), in order.
 *
 * @throws {PlinthError} `PLINTH_NOT_FOUND` for a missing file, `PLINTH_VALIDATION` for unreadable data.
 */
export async function loadEntities(
  connection: Connection,
  source: EntitySource,
  timestampColumn: string,
): Promise<{ name: string; type: string }[]> {
  const table = quote(ENTITY_TABLE);
  await run(connection, `DROP TABLE IF EXISTS ${table}`, [], 'entities');
  if (typeof source === 'string' || (isPlainObject(source) && typeof source.sql === 'string')) {
    const text = typeof source === 'string' ? source : (source as { sql: string }).sql;
    const params = new Params();
    let from: string;
    let subject: string;
    if (typeof source !== 'string' || isSqlText(text)) {
      from = `(${text})`;
      subject = 'entities query';
    } else {
      const path = params.add(text);
      from = /\.(parquet|pq)$/i.test(text) ? `read_parquet(${path})` : `read_csv(${path}, header = true)`;
      subject = `entities file ${JSON.stringify(text)}`;
    }
    await run(connection, `CREATE TEMP TABLE ${table} AS SELECT * FROM ${from}`, params.values, subject);
  } else {
    const columns = jsColumns(source as ArrowTableLike | readonly Record<string, unknown>[], timestampColumn);
    try {
      await appendColumns(connection, ENTITY_TABLE, columns, true);
    } catch (error) {
      throw mapError(error, 'entities');
    }
  }
  return describeQuery(connection, `SELECT * FROM ${table}`, [], 'entities');
}

/** Checks that a value is a usable entity timestamp column type. */
export function checkTimestampColumnType(name: string, type: string): void {
  if (!/^(TIMESTAMP|DATE|VARCHAR)/i.test(type)) {
    throw errors.error(
      'PLINTH_VALIDATION',
      `entities: timestamp column ${JSON.stringify(name)} is ${type}; expected a timestamp, a date or an ISO 8601 string`,
      { details: { column: name, expected: 'timestamp', actual: type } },
    );
  }
}
