/** Plain-data form of a `GridHistogram`: bin i covers [(offset + i)·2^exponent, (offset + i + 1)·2^exponent). */
export interface GridHistogramData {
  exponent: number;
  offset: number;
  counts: number[];
}

const INITIAL_EXPONENT_GAP = 40;

/**
 * An exact, mergeable histogram of finite values on a power-of-two grid: bins of width 2^e aligned to multiples of
 * 2^e, at most `maxBins` of them. When a value falls outside, the grid coarsens (e + 1, neighbouring bins summed),
 * which keeps every count exact; two histograms merge by coarsening the finer one. Counts, not shares, so PSI and
 * chi-square on these bins are exact for the bins.
 */
export class GridHistogram {
  /** Most bins the histogram spans. */
  readonly maxBins: number;
  exponent = 0;
  /** Absolute grid index of `counts[0]`. */
  start = 0;
  /** Occupied absolute index range (inclusive); `low > high` when empty. */
  low = 0;
  high = -1;
  counts: Float64Array;
  private scale = 1;

  constructor(maxBins = 64) {
    this.maxBins = maxBins;
    this.counts = new Float64Array(maxBins);
  }

  /** Total count. */
  total(): number {
    let sum = 0;
    for (let index = this.low; index <= this.high; index++) sum += this.counts[index - this.start]!;
    return sum;
  }

  /** Adds one finite value. */
  add(value: number): void {
    const relative = Math.floor(value * this.scale) - this.start;
    if (relative >= 0 && relative < this.maxBins && this.high >= this.low) {
      this.counts[relative]!++;
      const absolute = relative + this.start;
      if (absolute < this.low) this.low = absolute;
      else if (absolute > this.high) this.high = absolute;
      return;
    }
    this.addSlow(value, 1);
  }

  private setExponent(exponent: number): void {
    this.exponent = exponent;
    this.scale = 2 ** -exponent;
  }

  private addSlow(value: number, count: number): void {
    if (this.high < this.low) {
      const magnitude = value === 0 ? 0 : Math.floor(Math.log2(Math.abs(value)));
      this.setExponent(Math.max(-1023, magnitude - INITIAL_EXPONENT_GAP));
      const absolute = Math.floor(value * this.scale);
      this.start = absolute - (this.maxBins >> 1);
      this.low = absolute;
      this.high = absolute;
      this.counts.fill(0);
      this.counts[absolute - this.start] = count;
      return;
    }
    this.addAbsoluteAt(value, count);
  }

  private addAbsoluteAt(value: number, count: number): void {
    for (;;) {
      const absolute = Math.floor(value * this.scale);
      if (Number.isFinite(absolute) && Math.abs(absolute) < 2 ** 52) {
        const low = Math.min(this.low, absolute);
        const high = Math.max(this.high, absolute);
        if (high - low < this.maxBins) {
          this.place(low, high);
          this.counts[absolute - this.start]! += count;
          this.low = low;
          this.high = high;
          return;
        }
      }
      this.coarsen();
    }
  }

  /** Moves the window so that [low, high] fits, keeping counts. */
  private place(low: number, high: number): void {
    if (low >= this.start && high < this.start + this.maxBins) return;
    const start = Math.max(low - ((this.maxBins - (high - low + 1)) >> 1), high - this.maxBins + 1);
    const moved = new Float64Array(this.maxBins);
    for (let index = this.low; index <= this.high; index++)
      moved[index - start] = this.counts[index - this.start]!;
    this.counts = moved;
    this.start = start;
  }

  /** Doubles the bin width. */
  coarsen(): void {
    const low = Math.floor(this.low / 2);
    const high = Math.floor(this.high / 2);
    const start = low - ((this.maxBins - (high - low + 1)) >> 1);
    const merged = new Float64Array(this.maxBins);
    for (let index = this.low; index <= this.high; index++) {
      merged[Math.floor(index / 2) - start]! += this.counts[index - this.start]!;
    }
    this.counts = merged;
    this.start = start;
    this.low = low;
    this.high = high;
    this.setExponent(this.exponent + 1);
  }

  /** Merges another histogram into this one (exact). */
  merge(other: GridHistogram): void {
    if (other.high < other.low) return;
    const copy = other.clone();
    if (this.high < this.low) {
      this.setExponent(copy.exponent);
      this.counts = new Float64Array(this.maxBins);
      this.start = copy.low;
      this.low = copy.low;
      this.high = copy.low;
    }
    while (copy.exponent < this.exponent) copy.coarsen();
    while (this.exponent < copy.exponent) this.coarsen();
    for (let index = copy.low; index <= copy.high; index++) {
      const count = copy.counts[index - copy.start]!;
      if (count > 0) this.addAbsoluteAt((index + 0.5) * 2 ** copy.exponent, count);
    }
  }

  /** Counts over absolute bins `low..high` at a coarser (or equal) `exponent`. */
  countsOver(exponent: number, low: number, high: number): number[] {
    const copy = this.clone();
    while (copy.exponent < exponent) copy.coarsen();
    const out: number[] = [];
    for (let index = low; index <= high; index++) {
      out.push(index >= copy.low && index <= copy.high ? copy.counts[index - copy.start]! : 0);
    }
    return out;
  }

  /** A deep copy. */
  clone(): GridHistogram {
    const copy = new GridHistogram(this.maxBins);
    copy.setExponent(this.exponent);
    copy.start = this.start;
    copy.low = this.low;
    copy.high = this.high;
    copy.counts = this.counts.slice();
    return copy;
  }

  /** Occupied bins: left edges (n + 1 edges) and counts (n). */
  bins(): { edges: number[]; counts: number[] } {
    const edges: number[] = [];
    const counts: number[] = [];
    const width = 2 ** this.exponent;
    for (let index = this.low; index <= this.high; index++) {
      edges.push(index * width);
      counts.push(this.counts[index - this.start]!);
    }
    if (this.high >= this.low) edges.push((this.high + 1) * width);
    return { edges, counts };
  }

  /** Plain-data form. */
  toJSON(): GridHistogramData {
    const { counts } = this.bins();
    return { exponent: this.exponent, offset: this.low, counts };
  }

  /** Rebuilds a histogram from {@link GridHistogram.toJSON}. */
  static fromJSON(data: GridHistogramData, maxBins = 64): GridHistogram {
    const histogram = new GridHistogram(Math.max(maxBins, data.counts.length));
    if (data.counts.length === 0) return histogram;
    histogram.setExponent(data.exponent);
    histogram.start = data.offset;
    histogram.low = data.offset;
    histogram.high = data.offset + data.counts.length - 1;
    histogram.counts.set(data.counts);
    return histogram;
  }
}
