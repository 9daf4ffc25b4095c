import { invalid } from '../errors.ts';
import type { CategoricalColumnProfile } from './schema.ts';
import type { Cell } from './table.ts';

/** The label a categorical cell is counted under (`true`, `3`, `red`). */
export function categoryKey(value: string | number | boolean | bigint): string {
  return typeof value === 'string' ? value : String(value);
}

/** Mergeable counts of a categorical column. */
export class CategoricalAccumulator {
  count = 0;
  nulls = 0;
  counts = new Map<string, number>();
  /** Count of values already folded into "other" (from a stored profile's top-k cut). */
  other = 0;
  /** Distinct categories known to exist beyond `counts` (from a stored profile). */
  hiddenDistinct = 0;

  /**
   * Adds a column of cells.
   *
   * @throws {PlinthError} `PLINTH_VALIDATION` when a cell is an object.
   */
  addColumn(values: ArrayLike<Cell>, column: string): void {
    const counts = this.counts;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      this.count++;
      if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
        this.nulls++;
        continue;
      }
      if (typeof value === 'object') {
        throw invalid(
          `column "${column}" holds an object at row ${index}; categorical cells must be strings, numbers or booleans`,
          { column, row: index },
        );
      }
      const key = categoryKey(value);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }

  /** Merges another accumulator into this one. */
  merge(other: CategoricalAccumulator): void {
    this.count += other.count;
    this.nulls += other.nulls;
    this.other += other.other;
    this.hiddenDistinct = Math.max(this.hiddenDistinct, other.hiddenDistinct);
    for (const [key, count] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
  }

  /** The column's profile entry, keeping the `topK` most frequent categories. */
  toProfile(name: string, topK: number): CategoricalColumnProfile {
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = sorted.slice(0, topK);
    let other = this.other;
    for (const [, count] of sorted.slice(topK)) other += count;
    return {
      name,
      kind: 'categorical',
      count: this.count,
      nulls: this.nulls,
      distinct: this.counts.size + this.hiddenDistinct,
      top,
      other,
    };
  }

  /** Rebuilds an accumulator from a profile entry. */
  static fromProfile(profile: CategoricalColumnProfile): CategoricalAccumulator {
    const accumulator = new CategoricalAccumulator();
    accumulator.count = profile.count;
    accumulator.nulls = profile.nulls;
    accumulator.other = profile.other;
    accumulator.hiddenDistinct = Math.max(0, profile.distinct - profile.top.length);
    for (const [key, count] of profile.top) accumulator.counts.set(key, count);
    return accumulator;
  }
}
