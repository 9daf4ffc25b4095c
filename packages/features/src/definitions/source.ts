import { checkOptions, checkString, describe, invalid, isPlainObject } from '../errors.ts';
import { checkName } from './names.ts';
import { checkFeatureType, type FeatureType } from './types.ts';

/** A file format a {@link FileSource} reads. */
export type FileFormat = 'parquet' | 'csv';

/** Feature rows in Parquet or CSV files, read by the offline engine. */
export interface FileSource {
  readonly kind: 'file';
  /** A file path or a glob (`data/*.parquet`); relative paths resolve against the process's working directory. */
  readonly path: string;
  /** File format. */
  readonly format: FileFormat;
  /** Column holding each row's event timestamp. */
  readonly timestampField: string;
  /** Column holding each row's created (ingestion) timestamp, the tie-breaker between equal event timestamps. */
  readonly createdTimestampField?: string;
  /** Declared column types (required for CSV: the types the engine reads the columns as). Own-key map. */
  readonly columns?: Readonly<Record<string, FeatureType>>;
}

/** Options of {@link fileSource}. */
export interface FileSourceOptions {
  /** A file path or a glob. */
  path: string;
  /** File format. @default from the extension: `.parquet`/`.pq` → parquet, `.csv`/`.tsv`/`.csv.gz` → csv */
  format?: FileFormat;
  /** Column holding each row's event timestamp. */
  timestampField: string;
  /** Column holding each row's created timestamp (tie-breaker). */
  createdTimestampField?: string;
  /**
   * Declared column types; required for CSV. The timestamp fields are always read as UTC instants
   * (`TIMESTAMPTZ`), whatever is declared: an offset such as `+05:00` is honoured, a naive time means UTC.
   */
  columns?: Readonly<Record<string, FeatureType>>;
}

function formatOf(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  if (/\.(parquet|pq)$/.test(lower)) return 'parquet';
  if (/\.(csv|tsv)(\.gz|\.zst)?$/.test(lower)) return 'csv';
  return undefined;
}

/**
 * Defines a file source (Parquet or CSV, a path or a glob).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on a bad path, field name, column type, an unknown format or a CSV
 * source without `columns`.
 * @example
 * ```ts
 * const source = fileSource({ path: 'driver_stats.parquet', timestampField: 'event_timestamp', createdTimestampField: 'created' });
 * ```
 */
export function fileSource(options: FileSourceOptions): FileSource {
  const checked = checkOptions<FileSourceOptions>(
    options,
    ['path', 'format', 'timestampField', 'createdTimestampField', 'columns'],
    'fileSource options',
  );
  const path = checkString(checked.path, 'fileSource path');
  if (/[\0\r\n]/.test(path)) throw invalid('fileSource path must not contain NUL or line breaks', { path });
  const format = checked.format ?? formatOf(path);
  if (format !== 'parquet' && format !== 'csv') {
    throw invalid(
      `fileSource ${JSON.stringify(path)}: format must be 'parquet' or 'csv' (or a path ending .parquet or .csv), got ${describe(checked.format)}`,
      { path },
    );
  }
  const timestampField = checkName(checked.timestampField, 'fileSource timestampField');
  const created =
    checked.createdTimestampField === undefined
      ? undefined
      : checkName(checked.createdTimestampField, 'fileSource createdTimestampField');
  if (created === timestampField) {
    throw invalid('fileSource createdTimestampField must differ from timestampField', { path });
  }
  let columns: Record<string, FeatureType> | undefined;
  if (checked.columns !== undefined) {
    if (!isPlainObject(checked.columns)) {
      throw invalid(
        `fileSource columns must be an object of column types, got ${describe(checked.columns)}`,
        { path },
      );
    }
    columns = Object.create(null) as Record<string, FeatureType>;
    for (const name of Object.keys(checked.columns)) {
      checkName(name, 'fileSource column name');
      columns[name] = checkFeatureType(checked.columns[name], `fileSource column ${name}`);
    }
    Object.freeze(columns);
  }
  if (format === 'csv' && columns === undefined) {
    throw invalid(
      `fileSource ${JSON.stringify(path)} is CSV: declare its column types with columns: { name: 'int64' | 'float64' | 'string' | … }`,
      { path },
    );
  }
  return Object.freeze({
    kind: 'file',
    path,
    format,
    timestampField,
    ...(created === undefined ? {} : { createdTimestampField: created }),
    ...(columns === undefined ? {} : { columns }),
  });
}
