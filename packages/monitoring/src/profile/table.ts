import { describe, invalid, isPlainObject } from '../errors.ts';

/** A cell of a monitored table: numbers, category labels, or missing (`null` / `undefined`). */
export type Cell = string | number | boolean | bigint | null | undefined;

/** Columns as a record of arrays (plain arrays or typed arrays), all of the same length. */
export type ColumnRecord<C extends string = string> = { readonly [K in C]: ArrayLike<Cell> };

/** One row: column name → cell. */
export type Row<C extends string = string> = { readonly [K in C]?: Cell };

/** The part of an Apache Arrow `Table` that monitoring reads (detected by shape; Arrow is never imported). */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: ReadonlyArray<{ readonly name: string }> };
  getChild(name: string): ArrowVectorLike | null;
}

/** The part of an Apache Arrow `Vector` that monitoring reads. */
export interface ArrowVectorLike {
  readonly length: number;
  readonly nullCount: number;
  get(index: number): unknown;
  toArray(): ArrayLike<unknown>;
}

/**
 * Any tabular input monitoring accepts: a column record, an array of row objects, or an Arrow table (read by
 * shape; Arrow is not a dependency). `C` is the column names, where the type knows them.
 */
export type TableInput<C extends string = string> = ColumnRecord<C> | ReadonlyArray<Row<C>> | ArrowTableLike;

/** A table normalised to named columns of equal length. */
export interface Columns {
  readonly names: string[];
  readonly rowCount: number;
  readonly columns: Map<string, ArrayLike<Cell>>;
}

function isArrowTable(input: unknown): input is ArrowTableLike {
  const candidate = input as Partial<ArrowTableLike> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.numRows === 'number' &&
    typeof candidate.getChild === 'function' &&
    Array.isArray(candidate.schema?.fields)
  );
}

function arrowColumn(vector: ArrowVectorLike): ArrayLike<Cell> {
  if (vector.nullCount === 0) {
    const values = vector.toArray() as ArrayLike<Cell>;
    if (ArrayBuffer.isView(values) && values.length === vector.length) return values;
  }
  const out = new Array<Cell>(vector.length);
  for (let index = 0; index < vector.length; index++) out[index] = vector.get(index) as Cell;
  return out;
}

function fromRows(rows: ReadonlyArray<Record<string, Cell>>, subject: string): Columns {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw invalid(
        `row ${index} of the ${subject} is ${describe(row)}; pass rows as plain objects of column values`,
        { row: index },
      );
    }
    for (const name of Object.keys(row)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const columns = new Map<string, ArrayLike<Cell>>();
  for (const name of names) {
    const values = new Array<Cell>(rows.length);
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      values[index] = Object.hasOwn(row, name) ? row[name] : undefined;
    }
    columns.set(name, values);
  }
  return { names, rowCount: rows.length, columns };
}

/**
 * Normalises a table given as a column record, an array of row objects or an Arrow table.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the input is empty, not tabular, or columns differ in length.
 */
export function toColumns(input: TableInput | unknown, subject = 'table'): Columns {
  let table: Columns;
  if (Array.isArray(input)) {
    table = fromRows(input as ReadonlyArray<Record<string, Cell>>, subject);
  } else if (isArrowTable(input)) {
    const columns = new Map<string, ArrayLike<Cell>>();
    const names = input.schema.fields.map((field) => String(field.name));
    for (const name of names) {
      const vector = input.getChild(name);
      if (!vector || typeof vector.length !== 'number') {
        throw invalid(
          `the ${subject} has no readable column "${name}"; pass an Arrow table or a column record`,
          {
            column: name,
          },
        );
      }
      columns.set(name, arrowColumn(vector));
    }
    table = { names, rowCount: input.numRows, columns };
  } else if (isPlainObject(input)) {
    const names = Object.keys(input);
    const columns = new Map<string, ArrayLike<Cell>>();
    let rowCount = -1;
    for (const name of names) {
      const values = (input as ColumnRecord)[name];
      if (
        values === null ||
        typeof values !== 'object' ||
        !(Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView)))
      ) {
        throw invalid(
          `column "${name}" of the ${subject} is not an array; pass each column as an array or typed array`,
          { column: name },
        );
      }
      if (rowCount >= 0 && values.length !== rowCount) {
        throw invalid(
          `column "${name}" of the ${subject} has ${values.length} values but other columns have ${rowCount}; pass columns of equal length`,
          { column: name },
        );
      }
      rowCount = values.length;
      columns.set(name, values);
    }
    table = { names, rowCount: Math.max(rowCount, 0), columns };
  } else {
    throw invalid(
      `the ${subject} is not a table; pass a column record, an array of row objects or an Arrow table`,
    );
  }
  if (table.names.length === 0 || table.rowCount === 0) {
    throw invalid(`the ${subject} is empty; pass at least one column with at least one row`, {
      rows: table.rowCount,
      columns: table.names.length,
    });
  }
  return table;
}
