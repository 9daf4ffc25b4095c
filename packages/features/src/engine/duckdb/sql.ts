// SQL text helpers of the DuckDB engine: identifiers are quoted, values always travel as parameters.
import type { FeatureType } from '../../definitions/types.ts';

/** Quotes an identifier for DuckDB (`"a""b"`). Names are validated before they get here; this is the second fence. */
export function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string as a SQL literal; used only for validated column names inside a `types={…}` struct. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The DuckDB type a feature type is read and returned as. */
export const DUCK_TYPE: Readonly<Record<FeatureType, string>> = {
  int32: 'INTEGER',
  int64: 'BIGINT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
  string: 'VARCHAR',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
};

/** Families of DuckDB types that compare as typed values (an int key matches an int key, never a string). */
export type TypeFamily = 'integer' | 'float' | 'string' | 'bool' | 'timestamp' | 'date' | 'decimal' | 'other';

/** The family of a DuckDB type name as `DESCRIBE` prints it. */
export function familyOf(duckType: string): TypeFamily {
  const type = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type))
    return 'integer';
  if (type === 'FLOAT' || type === 'DOUBLE') return 'float';
  if (type.startsWith('DECIMAL')) return 'decimal';
  if (type === 'VARCHAR') return 'string';
  if (type === 'BOOLEAN') return 'bool';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'DATE') return 'date';
  return 'other';
}

/** Whether a source column of DuckDB type `duckType` may be read as feature type `type`. */
export function accepts(type: FeatureType, duckType: string): boolean {
  const family = familyOf(duckType);
  switch (type) {
    case 'int32':
    case 'int64':
      return family === 'integer';
    case 'float32':
    case 'float64':
      return family === 'float' || family === 'decimal' || family === 'integer';
    case 'string':
      return family === 'string';
    case 'bool':
      return family === 'bool';
    case 'timestamp':
      return family === 'timestamp' || family === 'date';
  }
}

/** Whether two key columns compare as typed values without a cross-family cast. */
export function keysComparable(left: string, right: string): boolean {
  const a = familyOf(left);
  const b = familyOf(right);
  if (a === 'other' || b === 'other') return left.toUpperCase() === right.toUpperCase();
  return a === b;
}

/** Collects positional parameters while SQL text is built. */
export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
