// Result columns → an Apache Arrow table (apache-arrow is imported lazily: browser bundles that never call
// toArrow do not carry it).
import type { Table } from 'apache-arrow';
import type { ResultColumns } from '../engine/port.ts';

/** The Arrow table type `toArrow` returns (`apache-arrow`'s `Table`). */
export type ArrowTable = Table;

/** Builds an Arrow table from result columns, in column order. */
export async function toArrowTable(result: ResultColumns): Promise<ArrowTable> {
  const arrow = await import('apache-arrow');
  const vectors = result.names.map((_, index) => {
    const values = result.columns[index]!;
    const type = result.types[index]!;
    switch (type) {
      case 'int64':
        return arrow.vectorFromArray(
          values.map((value) =>
            value === null || value === undefined ? null : BigInt(value as number | bigint),
          ),
          new arrow.Int64(),
        );
      case 'int32':
        return arrow.vectorFromArray(values.map(nullableNumber), new arrow.Int32());
      case 'float64':
        return arrow.vectorFromArray(values.map(nullableNumber), new arrow.Float64());
      case 'float32':
        return arrow.vectorFromArray(values.map(nullableNumber), new arrow.Float32());
      case 'bool':
        return arrow.vectorFromArray(values as (boolean | null)[], new arrow.Bool());
      case 'timestamp':
        return arrow.vectorFromArray(
          values.map((value) =>
            value instanceof Date ? value.getTime() : value === null ? null : Number(value),
          ),
          new arrow.TimestampMillisecond('UTC'),
        );
      case 'string':
        return arrow.vectorFromArray(
          values.map((value) => (value === null || value === undefined ? null : String(value))),
          new arrow.Utf8(),
        );
      default:
        return arrow.vectorFromArray(
          values.map((value) => (value === null || value === undefined ? null : String(value))),
          new arrow.Utf8(),
        );
    }
  });
  const fields = result.names.map((name, index) => new arrow.Field(name, vectors[index]!.type, true));
  const schema = new arrow.Schema(fields);
  const children = vectors.map((vector) => vector.data[0]!);
  const data = arrow.makeData({
    type: new arrow.Struct(fields),
    length: result.length,
    nullCount: 0,
    children,
  });
  return new arrow.Table([new arrow.RecordBatch(schema, data)]);
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
