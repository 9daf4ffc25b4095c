// Moves JS columns into a DuckDB table through an appender (values never enter SQL text).
import { describe, errors } from '../../errors.ts';
import type { Connection } from './connection.ts';
import { quote } from './sql.ts';

/** One JS column to load. */
export interface JsColumn {
  readonly name: string;
  readonly values: readonly unknown[];
  /** Arrow type name when the column came from an Arrow table. */
  readonly arrowType?: string;
  /** Whether this is the entity timestamp column (Date, epoch ms or ISO string values). */
  readonly isTimestamp?: boolean;
  /** DuckDB type to use instead of inferring one. */
  readonly duckType?: string;
}

type Kind = 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' | 'TIMESTAMPTZ' | 'INTEGER' | 'FLOAT';

function inferKind(column: JsColumn): Kind {
  if (column.duckType) return column.duckType as Kind;
  const arrow = column.arrowType ?? '';
  if (/^(Timestamp|Date)/.test(arrow)) return 'TIMESTAMPTZ';
  let kind: Kind | undefined;
  const widen = (next: Kind, value: unknown) => {
    if (kind === undefined || kind === next) kind = next;
    else if ((kind === 'BIGINT' && next === 'DOUBLE') || (kind === 'DOUBLE' && next === 'BIGINT'))
      kind = 'DOUBLE';
    else if (column.isTimestamp && (kind === 'VARCHAR' || next === 'VARCHAR')) kind = 'VARCHAR';
    else {
      throw errors.error(
        'PLINTH_VALIDATION',
        `entities: column ${JSON.stringify(column.name)} mixes ${kind} and ${next} values (${describe(value)}); use one type per column`,
        { details: { column: column.name } },
      );
    }
  };
  for (const value of column.values) {
    if (value === null || value === undefined) continue;
    if (column.isTimestamp) {
      if (value instanceof Date || typeof value === 'number') widen('TIMESTAMPTZ', value);
      else if (typeof value === 'string') widen('VARCHAR', value);
      else widen('BOOLEAN', value);
      continue;
    }
    if (value instanceof Date) widen('TIMESTAMPTZ', value);
    else if (typeof value === 'bigint') widen('BIGINT', value);
    else if (typeof value === 'number') widen(Number.isSafeInteger(value) ? 'BIGINT' : 'DOUBLE', value);
    else if (typeof value === 'string') widen('VARCHAR', value);
    else if (typeof value === 'boolean') widen('BOOLEAN', value);
    else {
      throw errors.error(
        'PLINTH_VALIDATION',
        `entities: column ${JSON.stringify(column.name)} holds ${describe(value)}; values must be numbers, bigints, strings, booleans or Dates`,
        { details: { column: column.name } },
      );
    }
  }
  return kind ?? (column.isTimestamp ? 'TIMESTAMPTZ' : 'VARCHAR');
}

function epochMs(value: unknown, column: string): bigint {
  const ms = value instanceof Date ? value.getTime() : Number(value);
  if (!Number.isFinite(ms)) {
    throw errors.error(
      'PLINTH_VALIDATION',
      `column ${JSON.stringify(column)} holds an invalid time ${describe(value)}`,
      {
        details: { column },
      },
    );
  }
  return BigInt(Math.round(ms));
}

/**
 * Creates table `table` (a temp table when `temp`) with one column per JS column and appends the values.
 * Timestamps travel as epoch-ms BIGINTs through a staging table and are converted inside DuckDB.
 */
export async function appendColumns(
  connection: Connection,
  table: string,
  columns: readonly JsColumn[],
  temp: boolean,
  create = true,
): Promise<void> {
  const kinds = columns.map(inferKind);
  const staging = `${table}__staging`;
  const stagingTypes = kinds.map((kind) => (kind === 'TIMESTAMPTZ' ? 'BIGINT' : kind));
  const definition = columns
    .map((column, index) => `${quote(column.name)} ${stagingTypes[index]}`)
    .join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${quote(staging)} (${definition})`);
  const appender = await connection.createAppender(staging, 'main', 'temp');
  const length = columns[0]?.values.length ?? 0;
  try {
    for (let row = 0; row < length; row++) {
      for (let index = 0; index < columns.length; index++) {
        const column = columns[index]!;
        const value = column.values[row];
        if (value === null || value === undefined) {
          appender.appendNull();
          continue;
        }
        switch (kinds[index]) {
          case 'TIMESTAMPTZ':
            appender.appendBigInt(epochMs(value, column.name));
            break;
          case 'BIGINT':
            appender.appendBigInt(BigInt(value as number | bigint));
            break;
          case 'INTEGER':
            appender.appendInteger(Number(value));
            break;
          case 'DOUBLE':
            appender.appendDouble(Number(value));
            break;
          case 'FLOAT':
            appender.appendFloat(Number(value));
            break;
          case 'BOOLEAN':
            appender.appendBoolean(Boolean(value));
            break;
          default:
            appender.appendVarchar(value instanceof Date ? value.toISOString() : String(value));
        }
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const select = columns
    .map((column, index) =>
      kinds[index] === 'TIMESTAMPTZ'
        ? `CAST(epoch_ms(${quote(column.name)}) AS TIMESTAMPTZ) AS ${quote(column.name)}`
        : quote(column.name),
    )
    .join(', ');
  const target = temp ? `TEMP TABLE ${quote(table)}` : `TABLE ${quote(table)}`;
  if (create) {
    await connection.run(`CREATE OR REPLACE ${target} AS SELECT ${select} FROM ${quote(staging)}`);
  } else {
    const names = columns.map((column) => quote(column.name)).join(', ');
    await connection.run(`INSERT INTO ${quote(table)} (${names}) SELECT ${select} FROM ${quote(staging)}`);
  }
  await connection.run(`DROP TABLE ${quote(staging)}`);
}
