// scoreBatch over Parquet and CSV files (Node): DuckDB reads the file, the model scores it chunk by chunk, DuckDB
// writes the input columns with the predictions beside them.
import type { TensorDtype } from '@plinth/core';
import { throwIfAborted } from '@plinth/core/adapter';
import { describe, errors } from '../deployment/errors.ts';
import { DTYPE_ARRAY } from '../model/dtypes.ts';
import type { TensorValue } from '../model/types.ts';
import { concatParts, inputColumns, outputCollector } from './columns.ts';
import type { FileScorer } from './types.ts';

const SQL_TYPE: Partial<Record<TensorDtype, string>> = {
  float32: 'FLOAT',
  float64: 'DOUBLE',
  int8: 'TINYINT',
  int16: 'SMALLINT',
  int32: 'INTEGER',
  int64: 'BIGINT',
  uint8: 'UTINYINT',
  uint16: 'USMALLINT',
  uint32: 'UINTEGER',
  uint64: 'UBIGINT',
  bool: 'BOOLEAN',
  string: 'VARCHAR',
};

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
const identifier = (value: string) => `"${value.replaceAll('"', '""')}"`;

function formatOf(path: string, argument: string): 'parquet' | 'csv' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.csv')) return 'csv';
  throw errors.invalid('scoreBatch options', {
    path: argument,
    message: `${describe(path)} must end in .parquet or .csv`,
  });
}

/** The SQL type and appender method of a prediction column, from its first chunk's data. */
function columnType(sample: ArrayLike<unknown>): [string, string] {
  if (sample instanceof Float32Array) return ['FLOAT', 'appendFloat'];
  if (sample instanceof Float64Array) return ['DOUBLE', 'appendDouble'];
  if (sample instanceof BigInt64Array) return ['BIGINT', 'appendBigInt'];
  if (sample instanceof BigUint64Array) return ['UBIGINT', 'appendUBigInt'];
  if (sample instanceof Int32Array || sample instanceof Int16Array || sample instanceof Int8Array) {
    return ['INTEGER', 'appendInteger'];
  }
  if (sample instanceof Uint32Array) return ['UINTEGER', 'appendUInteger'];
  if (sample instanceof Uint16Array || sample instanceof Uint8Array) return ['INTEGER', 'appendInteger'];
  return typeof sample[0] === 'boolean' ? ['BOOLEAN', 'appendBoolean'] : ['VARCHAR', 'appendVarchar'];
}

/** Scores a Parquet or CSV file through DuckDB (`@duckdb/node-api`, imported on first use). */
export const scoreFile: FileScorer = async (options, predict) => {
  const format = formatOf(options.input, 'input');
  const output = options.output ?? options.input.replace(/\.(parquet|csv)$/i, `.predictions.${format}`);
  const outputFormat = formatOf(output, 'output');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = format === 'parquet' ? 'read_parquet' : 'read_csv_auto';
    await connection.run(`CREATE TABLE input AS SELECT * FROM ${reader}(${literal(options.input)})`);
    const names = (await connection.runAndReadAll('SELECT * FROM input LIMIT 0')).columnNames();
    const totalRows = Number(
      (await connection.runAndReadAll('SELECT count(*) FROM input')).getRowsJS()[0]![0] as bigint,
    );
    const signature = (
      options.model ?? options.deployment!.model(options.deployment!.stats().routes[0]!.name)
    ).signature;
    const mapping = inputColumns(signature, names, options.inputs);
    const select = mapping.flatMap(({ spec, columns }) => {
      const type = SQL_TYPE[spec.dtype];
      if (!type)
        throw errors.error(
          'PLINTH_UNSUPPORTED',
          `input "${spec.name}" (${spec.dtype}) cannot come from a file`,
        );
      return columns.map((column) => `CAST(${identifier(column)} AS ${type})`);
    });
    const batchSize = options.batchSize ?? 1024;
    const collector = outputCollector(options.outputPrefix ?? '', names);
    let batches = 0;
    for (let start = 0; start < totalRows; start += batchSize) {
      throwIfAborted(options.signal, 'serving');
      const chunk = await connection.runAndReadAll(
        `SELECT ${select.join(', ')} FROM input WHERE rowid >= ${start} AND rowid < ${start + batchSize} ORDER BY rowid`,
      );
      const values = chunk.getColumnsJS();
      const rows = chunk.currentRowCount;
      const inputs: Record<string, TensorValue> = Object.create(null);
      let offset = 0;
      for (const { spec, columns, vector } of mapping) {
        const width = columns.length;
        const Typed = DTYPE_ARRAY[spec.dtype];
        const data: { [index: number]: unknown; length: number } =
          spec.dtype === 'string' || spec.dtype === 'bool'
            ? new Array(rows * width)
            : new Typed!(rows * width);
        for (let j = 0; j < width; j++) {
          const column = values[offset + j]!;
          for (let row = 0; row < rows; row++) {
            const cell = column[row];
            if (cell === null || cell === undefined) {
              throw errors.invalid('scoreBatch', {
                path: `${columns[j]}`,
                message: `row ${start + row} is null; fill missing values before scoring`,
              });
            }
            data[row * width + j] = cell;
          }
        }
        offset += width;
        inputs[spec.name] = { data: data as TensorValue['data'], dims: vector ? [rows] : [rows, width] };
      }
      collector.add((await predict(inputs)) as Record<string, TensorValue>, rows);
      batches += 1;
      options.onProgress?.({ rows: start + rows, totalRows, batches });
    }
    const columns = collector.columns.map((column) => ({
      name: column.name,
      data: concatParts(column.parts),
    }));
    const types = columns.map((column) => columnType(column.data));
    await connection.run(
      `CREATE TABLE predictions (${columns.map((column, index) => `${identifier(column.name)} ${types[index]![0]}`).join(', ')})`,
    );
    const appender = await connection.createAppender('predictions');
    const methods = types.map(([, method]) => method as 'appendDouble');
    for (let row = 0; row < totalRows; row++) {
      for (const [index, column] of columns.entries()) {
        (appender[methods[index]!] as (value: unknown) => void).call(appender, column.data[row]);
      }
      appender.endRow();
    }
    appender.closeSync();
    const copyOptions = outputFormat === 'parquet' ? '(FORMAT parquet)' : '(FORMAT csv, HEADER true)';
    await connection.run(
      `COPY (SELECT * FROM input POSITIONAL JOIN predictions) TO ${literal(output)} ${copyOptions}`,
    );
    return { rows: totalRows, batches, columns: columns.map((column) => column.name), output };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
};
