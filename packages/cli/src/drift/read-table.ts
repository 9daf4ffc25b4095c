import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Cell } from '@plinth/monitoring';
import { cliErrors, usageError } from '../errors.ts';

/** File formats `plinth drift` reads. */
export type TableFormat = 'csv' | 'parquet' | 'jsonl';

/** A table as named columns (an own-key map: `__proto__` is a column name like any other). */
export interface ColumnTable {
  columns: Record<string, Cell[]>;
  rowCount: number;
}

/** The format of a file: `format` when given, else from its extension. */
export function formatOf(file: string, format: TableFormat | undefined): TableFormat {
  if (format) return format;
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  if (extension === '.parquet' || extension === '.pq') return 'parquet';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw usageError(
    '--format',
    `cannot tell the format of "${path.basename(file).slice(0, 200)}" from its extension; name it .csv, .parquet or .jsonl, or pass --format csv|parquet|jsonl`,
  );
}

/** Reads a CSV, Parquet or JSON-lines file into columns. */
export async function readTable(file: string, format: TableFormat): Promise<ColumnTable> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    throw cliErrors.error(
      'PLINTH_NOT_FOUND',
      `cannot read ${file}: ${info ? 'not a file' : 'no such file'}`,
      {
        details: { file },
      },
    );
  }
  return format === 'jsonl' ? readJsonLines(file) : readWithDuckDB(file, format);
}

function newColumns(): Record<string, Cell[]> {
  return Object.create(null) as Record<string, Cell[]>;
}

/** JSON lines, natively: one object of flat values per line; a key missing on a line is a missing value. */
async function readJsonLines(file: string): Promise<ColumnTable> {
  const columns = newColumns();
  let rowCount = 0;
  let lineNumber = 0;
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw cliErrors.error(
        'PLINTH_VALIDATION',
        `${path.basename(file)} line ${lineNumber} is not JSON (${(error as Error).message.slice(0, 200)}); JSON lines hold one object per line`,
        { cause: error },
      );
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw cliErrors.error(
        'PLINTH_VALIDATION',
        `${path.basename(file)} line ${lineNumber} is not a JSON object; JSON lines hold one object of column values per line`,
      );
    }
    for (const [name, value] of Object.entries(row)) {
      if (value !== null && typeof value === 'object') {
        throw cliErrors.error(
          'PLINTH_VALIDATION',
          `${path.basename(file)} line ${lineNumber}: column "${name.slice(0, 200)}" holds ${Array.isArray(value) ? 'an array' : 'an object'}; drift compares flat columns of numbers, strings or booleans`,
        );
      }
      let column = Object.hasOwn(columns, name) ? columns[name]! : undefined;
      if (!column) {
        column = new Array<Cell>(rowCount).fill(null);
        columns[name] = column;
      }
      column[rowCount] = value as Cell;
    }
    rowCount++;
    for (const name of Object.keys(columns)) if (columns[name]!.length < rowCount) columns[name]!.push(null);
  }
  return { columns, rowCount };
}

interface DuckDBModule {
  DuckDBInstance: {
    create(path?: string): Promise<{
      connect(): Promise<{
        runAndReadAll(
          sql: string,
          values?: unknown[],
        ): Promise<{ getRows(): unknown[][]; getColumnsJS(): unknown[][] }>;
        closeSync(): void;
      }>;
      closeSync(): void;
    }>;
  };
}

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** CSV (header row, types detected) and Parquet through DuckDB: numbers as doubles, booleans kept, the rest as text. */
async function readWithDuckDB(file: string, format: 'csv' | 'parquet'): Promise<ColumnTable> {
  let duckdb: DuckDBModule;
  try {
    duckdb = (await import('@duckdb/node-api')) as unknown as DuckDBModule;
  } catch (error) {
    throw cliErrors.error(
      'PLINTH_UNSUPPORTED',
      `reading ${format === 'csv' ? 'CSV' : 'Parquet'} needs DuckDB: npm install @duckdb/node-api (or give JSON lines)`,
      { cause: error },
    );
  }
  const source = format === 'csv' ? 'read_csv($1, header = true)' : 'read_parquet($1)';
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`, [file])).getRows();
    const names = described.map((row) => String(row[0]));
    const types = described.map((row) => String(row[1]));
    const select = names
      .map((name, index) => {
        const type = types[index]!;
        const cast = NUMERIC_TYPE.test(type) ? 'DOUBLE' : type === 'BOOLEAN' ? 'BOOLEAN' : 'VARCHAR';
        return `CAST(${quote(name)} AS ${cast}) AS c${index}`;
      })
      .join(', ');
    const values = (await connection.runAndReadAll(`SELECT ${select} FROM ${source}`, [file])).getColumnsJS();
    const columns = newColumns();
    names.forEach((name, index) => {
      columns[name] = (values[index] ?? []) as Cell[];
    });
    return { columns, rowCount: values[0]?.length ?? 0 };
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
    throw cliErrors.error(
      'PLINTH_VALIDATION',
      `cannot read ${path.basename(file)} as ${format === 'csv' ? 'CSV' : 'Parquet'}: ${first}`,
      { cause: error },
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
