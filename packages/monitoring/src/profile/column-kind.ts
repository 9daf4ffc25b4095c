import type { Cell } from './table.ts';

/** How a column is treated: numbers, or labels. */
export type ColumnKind = 'numeric' | 'categorical';

/** Infers a column's kind from its first non-missing cell (typed arrays are numeric); all-missing is numeric. */
export function inferKind(values: ArrayLike<Cell>): ColumnKind {
  if (ArrayBuffer.isView(values)) return 'numeric';
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) continue;
    return typeof value === 'number' || typeof value === 'bigint' ? 'numeric' : 'categorical';
  }
  return 'numeric';
}
