import { monitoringValidationError } from './errors.ts';

/** A cell of a monitored table: numbers, category labels, or missing (`null` / `undefined`). */
export type Cell = string | number | boolean | bigint | null | undefined;

/** Columns as a record of arrays (plain arrays or typed arrays), all of the same length. */
export type ColumnRecord = Record<string, ArrayLike<Cell>>;

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

/** Any tabular input monitoring accepts: a column record, an array of row objects, or an Arrow table. */
export type TableInput = ColumnRecord | ReadonlyArray<Record<string, Cell>> | ArrowTableLike;

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

function fromRows(rows: ReadonlyArray<Record<string, Cell>>): Columns {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) {
      throw monitoringValidationError('a row is not an object; pass rows as plain objects of column values');
    }
    for (const name in row) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const columns = new Map<string, ArrayLike<Cell>>();
  for (const name of names) {
    const values = new Array<Cell>(rows.length);
    for (let index = 0; index < rows.length; index++) values[index] = rows[index]![name];
    columns.set(name, values);
  }
  return { names, rowCount: rows.length, columns };
}

/**
 * Normalises a table given as a column record, an array of row objects or an Arrow table.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the input is empty, not tabular, or columns differ in length.
 */
export function toColumns(input: TableInput, subject = 'table'): Columns {
  let table: Columns;
  if (Array.isArray(input)) {
    table = fromRows(input as ReadonlyArray<Record<string, Cell>>);
  } else if (isArrowTable(input)) {
    const columns = new Map<string, ArrayLike<Cell>>();
    const names = input.schema.fields.map((field) => field.name);
    for (const name of names) columns.set(name, arrowColumn(input.getChild(name)!));
    table = { names, rowCount: input.numRows, columns };
  } else if (typeof input === 'object' && input !== null) {
    const names = Object.keys(input);
    const columns = new Map<string, ArrayLike<Cell>>();
    let rowCount = -1;
    for (const name of names) {
      const values = (input as ColumnRecord)[name];
      if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
        throw monitoringValidationError(
          `column "${name}" of the ${subject} is not an array; pass each column as an array or typed array`,
          { column: name },
        );
      }
      if (rowCount >= 0 && values.length !== rowCount) {
        throw monitoringValidationError(
          `column "${name}" of the ${subject} has ${values.length} values but other columns have ${rowCount}; pass columns of equal length`,
          { column: name },
        );
      }
      rowCount = values.length;
      columns.set(name, values);
    }
    table = { names, rowCount: Math.max(rowCount, 0), columns };
  } else {
    throw monitoringValidationError(
      `the ${subject} is not a table; pass a column record, an array of row objects or an Arrow table`,
    );
  }
  if (table.names.length === 0 || table.rowCount === 0) {
    throw monitoringValidationError(
      `the ${subject} is empty; pass at least one column with at least one row`,
      {
        rows: table.rowCount,
        columns: table.names.length,
      },
    );
  }
  return table;
}
