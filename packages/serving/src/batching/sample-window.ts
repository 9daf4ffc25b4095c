/** Percentiles of the recent values of one measure. */
export interface Summary {
  /** Values recorded since the start (not only those in the window). */
  readonly count: number;
  /** Mean of all values recorded. */
  readonly mean: number;
  /** Percentiles (nearest rank) over the last `window` values; 0 when none. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Largest value recorded. */
  readonly max: number;
}

/** A ring of the last `capacity` values of a measure, with running count, sum and max. */
export class SampleWindow {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;
  private count = 0;
  private sum = 0;
  private max = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  record(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.values.length;
    if (this.filled < this.values.length) this.filled++;
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  summary(): Summary {
    const sorted = this.values.slice(0, this.filled).sort();
    const at = (p: number) =>
      sorted.length === 0
        ? 0
        : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
    return {
      count: this.count,
      mean: this.count === 0 ? 0 : this.sum / this.count,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: this.max,
    };
  }
}
