// Result columns → row objects (own properties only: a column named __proto__ is data).
import type { ResultColumns } from '../engine/port.ts';

/** Converts an int64 to a number when it is exact, else keeps the bigint. */
export function plainNumber(value: unknown): unknown {
  if (typeof value === 'bigint' && value >= -9007199254740991n && value <= 9007199254740991n)
    return Number(value);
  return value;
}

/** Builds one object per row, columns in order. */
export function toRowObjects(result: ResultColumns): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = new Array(result.length);
  const { names, columns } = result;
  const special = names.includes('__proto__');
  for (let row = 0; row < result.length; row++) {
    const object: Record<string, unknown> = {};
    for (let index = 0; index < names.length; index++) {
      const value = plainNumber(columns[index]![row]);
      if (special)
        Object.defineProperty(object, names[index]!, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else object[names[index]!] = value;
    }
    rows[row] = object;
  }
  return rows;
}
