import { describe, invalid } from '../errors.ts';
import { GridHistogram } from './grid-histogram.ts';
import { KllSketch } from './kll.ts';
import type { NumericColumnProfile } from './schema.ts';
import type { Cell } from './table.ts';

/** Distinct values tracked exactly (Evidently's low-cardinality rules need ≤ 5, its PSI ≤ 20). */
export const MAX_TRACKED_DISTINCT = 21;

/** Options of a numeric summary. */
export interface NumericAccumulatorOptions {
  /** KLL accuracy parameter. @default 200 */
  sketchK?: number;
  /** Most histogram bins. @default 64 */
  histogramBins?: number;
}

/** One-pass, mergeable summary of a numeric column (counts, Welford moments, KLL sketch, grid histogram). */
export class NumericAccumulator {
  count = 0;
  nulls = 0;
  nan = 0;
  positiveInfinity = 0;
  negativeInfinity = 0;
  n = 0;
  mean = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  sketch: KllSketch;
  histogram: GridHistogram;
  distinctValues = new Float64Array(MAX_TRACKED_DISTINCT);
  distinctCounts = new Float64Array(MAX_TRACKED_DISTINCT);
  distinctSize = 0;
  distinctOverflow = false;

  constructor(options: NumericAccumulatorOptions = {}) {
    this.sketch = new KllSketch(options.sketchK ?? 200);
    this.histogram = new GridHistogram(options.histogramBins ?? 64);
  }

  /** Adds a finite value. */
  addFinite(value: number): void {
    const n = ++this.n;
    const delta = value - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sketch.update(value);
    this.histogram.add(value);
    if (!this.distinctOverflow) this.trackDistinct(value);
  }

  private trackDistinct(value: number): void {
    for (let index = 0; index < this.distinctSize; index++) {
      if (this.distinctValues[index] === value) {
        this.distinctCounts[index]!++;
        return;
      }
    }
    if (this.distinctSize === MAX_TRACKED_DISTINCT) {
      this.distinctOverflow = true;
      return;
    }
    this.distinctValues[this.distinctSize] = value;
    this.distinctCounts[this.distinctSize++] = 1;
  }

  /** Adds any number (NaN and ±Infinity are counted apart). */
  addNumber(value: number): void {
    this.count++;
    if (value - value === 0) this.addFinite(value);
    else if (Number.isNaN(value)) this.nan++;
    else if (value > 0) this.positiveInfinity++;
    else this.negativeInfinity++;
  }

  /**
   * Adds a column of cells.
   *
   * @throws {PlinthError} `PLINTH_VALIDATION` when a cell is neither a number nor missing.
   */
  addColumn(values: ArrayLike<Cell>, column: string): void {
    const length = values.length;
    if (
      ArrayBuffer.isView(values) &&
      !(values instanceof BigInt64Array || values instanceof BigUint64Array)
    ) {
      const numbers = values as unknown as ArrayLike<number>;
      for (let index = 0; index < length; index++) this.addNumber(numbers[index]!);
      return;
    }
    for (let index = 0; index < length; index++) {
      const value = values[index];
      if (typeof value === 'number') this.addNumber(value);
      else if (value === null || value === undefined) {
        this.count++;
        this.nulls++;
      } else if (typeof value === 'bigint') this.addNumber(Number(value));
      else {
        throw invalid(
          `column "${column}" mixes numbers with ${typeof value} values (row ${index}: ${describe(value)}); give the column one type, or declare it categorical`,
          { column, row: index },
        );
      }
    }
  }

  /** Merges another summary into this one (Chan et al. for the moments). */
  merge(other: NumericAccumulator): void {
    const n = this.n + other.n;
    if (other.n > 0) {
      const delta = other.mean - this.mean;
      this.m2 = this.m2 + other.m2 + (delta * delta * this.n * other.n) / n;
      this.mean = this.mean + (delta * other.n) / n;
    }
    this.n = n;
    this.count += other.count;
    this.nulls += other.nulls;
    this.nan += other.nan;
    this.positiveInfinity += other.positiveInfinity;
    this.negativeInfinity += other.negativeInfinity;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.sketch.merge(other.sketch);
    this.histogram.merge(other.histogram);
    if (this.distinctOverflow || other.distinctOverflow) this.distinctOverflow = true;
    else {
      for (let index = 0; index < other.distinctSize; index++) {
        const value = other.distinctValues[index]!;
        const count = other.distinctCounts[index]!;
        const at = this.distinctValues.subarray(0, this.distinctSize).indexOf(value);
        if (at >= 0) this.distinctCounts[at]! += count;
        else if (this.distinctSize === MAX_TRACKED_DISTINCT) this.distinctOverflow = true;
        else {
          this.distinctValues[this.distinctSize] = value;
          this.distinctCounts[this.distinctSize++] = count;
        }
      }
    }
  }

  /** The column's profile entry. */
  toProfile(name: string): NumericColumnProfile {
    const empty = this.n === 0;
    const order = Array.from({ length: this.distinctSize }, (_, index) => index).sort(
      (a, b) => this.distinctValues[a]! - this.distinctValues[b]!,
    );
    return {
      name,
      kind: 'numeric',
      count: this.count,
      nulls: this.nulls,
      nan: this.nan,
      positiveInfinity: this.positiveInfinity,
      negativeInfinity: this.negativeInfinity,
      n: this.n,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
      mean: empty ? null : this.mean,
      std: empty ? null : Math.sqrt(this.m2 / this.n),
      m2: this.m2,
      distinct: this.distinctOverflow
        ? null
        : {
            values: order.map((index) => this.distinctValues[index]!),
            counts: order.map((index) => this.distinctCounts[index]!),
          },
      sketch: this.sketch.toJSON(),
      histogram: this.histogram.toJSON(),
    };
  }

  /** Rebuilds a summary from a profile entry (already validated). */
  static fromProfile(profile: NumericColumnProfile): NumericAccumulator {
    const accumulator = new NumericAccumulator({ sketchK: profile.sketch.k });
    accumulator.count = profile.count;
    accumulator.nulls = profile.nulls;
    accumulator.nan = profile.nan;
    accumulator.positiveInfinity = profile.positiveInfinity;
    accumulator.negativeInfinity = profile.negativeInfinity;
    accumulator.n = profile.n;
    accumulator.mean = profile.mean ?? 0;
    accumulator.m2 = profile.m2;
    accumulator.min = profile.min ?? Number.POSITIVE_INFINITY;
    accumulator.max = profile.max ?? Number.NEGATIVE_INFINITY;
    accumulator.sketch = KllSketch.fromJSON(profile.sketch)!;
    accumulator.histogram = GridHistogram.fromJSON(profile.histogram);
    if (profile.distinct === null) accumulator.distinctOverflow = true;
    else {
      accumulator.distinctSize = profile.distinct.values.length;
      accumulator.distinctValues.set(profile.distinct.values);
      accumulator.distinctCounts.set(profile.distinct.counts);
    }
    return accumulator;
  }
}
