import { checkNumber, invalid } from '../errors.ts';

/** Plain-data form of a {@link KllSketch}. */
export interface KllSketchData {
  k: number;
  n: number;
  /** Items below the compactors carry weight 2^samplerExponent (the bottom compactor holds that weight). */
  samplerExponent: number;
  /** The sampler's pending item and its weight (< 2^samplerExponent), or null. */
  candidate: [number, number] | null;
  /** `levels[i]` holds the items of weight 2^(samplerExponent + i). */
  levels: number[][];
}

const MIN_WIDTH = 4;
/** Smallest and largest accuracy parameter accepted. */
export const MIN_K = 8;
export const MAX_K = 65_536;

/**
 * A KLL quantile sketch (Karnin, Lang & Liberty 2016): a stack of compactors whose capacities shrink by 2/3 per
 * level below the top one (k items), with lazy compaction and, once the stack is as deep as capacities allow
 * (bottom capacity ≥ 4), a sampler below it that keeps one random value per block of 2^s values. A full compactor
 * is sorted and every other item (random offset) moves one level up with twice the weight, so the total weight
 * stays exactly the count of values seen. Size is bounded by ≈ 3k items whatever the count; sketches with the
 * same `k` merge.
 *
 * Error bound (k = 200): normalised rank error below 1% at 99% confidence — measured by the tests against exact
 * ranks over 1e5–1e7 values (observed maxima ≈ 0.2–0.6%); the DataSketches bound for plain KLL at k = 200 is
 * 1.33%.
 */
export class KllSketch {
  /** Accuracy parameter: capacity of the top compactor. */
  readonly k: number;
  /** Count of values the sketch summarises (total weight). */
  n = 0;
  private levels: Float64Array[] = [new Float64Array(256)];
  private sizes: number[] = [0];
  private bottom: Float64Array = this.levels[0]!;
  private bottomSize = 0;
  private size = 0;
  private maxSize = 0;
  private readonly maxLevels: number;
  private samplerExponent = 0;
  private block = 1;
  private candidateValue = 0;
  private candidateWeight = 0;
  private state: number;

  /**
   * @param k accuracy parameter, a whole number from 8 to 65,536 (rank error ≈ 1.33% at k = 200). @default 200
   * @param seed seed of the compaction coin flips (sketches are deterministic for a seed).
   * @throws {PlinthError} `PLINTH_VALIDATION` for a bad `k` or seed.
   */
  constructor(k = 200, seed = 0x9e3779b9) {
    checkNumber(k, 'KllSketch k', { min: MIN_K, max: MAX_K, integer: true });
    checkNumber(seed, 'KllSketch seed', { integer: true });
    this.k = k;
    this.state = seed >>> 0 || 1;
    this.maxLevels = Math.max(2, Math.floor(Math.log(k / MIN_WIDTH) / Math.log(3 / 2)) + 1);
    this.maxSize = this.capacity(0);
  }

  private capacity(level: number): number {
    const depth = this.levels.length - level - 1;
    return Math.max(2, Math.ceil(this.k * (2 / 3) ** depth));
  }

  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  /**
   * Adds one finite value.
   * @throws {PlinthError} `PLINTH_VALIDATION` when the value is not a finite number.
   */
  update(value: number): void {
    if (typeof value !== 'number' || value - value !== 0) {
      throw invalid(
        `KllSketch.update takes finite numbers, got ${String(value)}; drop NaN and ±Infinity first`,
        {
          argument: 'value',
        },
      );
    }
    this.n++;
    if (this.block > 1) {
      const weight = ++this.candidateWeight;
      if (weight === 1 || this.random() * weight < 1) this.candidateValue = value;
      if (weight < this.block) return;
      this.candidateWeight = 0;
      value = this.candidateValue;
    }
    if (this.bottomSize === this.bottom.length) this.growBottom();
    this.bottom[this.bottomSize++] = value;
    if (++this.size >= this.maxSize) this.compress(true);
  }

  private growBottom(): void {
    const bigger = new Float64Array(this.bottom.length * 2);
    bigger.set(this.bottom);
    this.bottom = bigger;
    this.levels[0] = bigger;
  }

  private sync(): void {
    this.sizes[0] = this.bottomSize;
  }

  private reload(): void {
    this.bottom = this.levels[0]!;
    this.bottomSize = this.sizes[0]!;
  }

  private push(level: number, value: number): void {
    let buffer = this.levels[level]!;
    const size = this.sizes[level]!;
    if (size === buffer.length) {
      const bigger = new Float64Array(buffer.length * 2);
      bigger.set(buffer);
      this.levels[level] = bigger;
      buffer = bigger;
    }
    buffer[size] = value;
    this.sizes[level] = size + 1;
    this.size++;
  }

  private addTop(): void {
    this.levels.push(new Float64Array(Math.max(16, this.k)));
    this.sizes.push(0);
    this.maxSize = 0;
    for (let level = 0; level < this.levels.length; level++) this.maxSize += this.capacity(level);
  }

  /** Folds the bottom compactor into the one above and doubles the sampler's block. */
  private dropBottom(): void {
    const size = this.sizes[0]!;
    const items = this.levels[0]!.subarray(0, size).sort();
    const odd = size & 1;
    const from = odd + (this.random() < 0.5 ? 0 : 1);
    for (let index = from; index < size; index += 2) this.push(1, items[index]!);
    this.size -= size;
    const leftover = odd ? items[0]! : 0;
    this.levels.shift();
    this.sizes.shift();
    this.samplerExponent++;
    const oldBlock = this.block;
    this.block *= 2;
    if (odd) this.offer(leftover, oldBlock);
  }

  /** Offers a weighted item (weight ≤ block) to the sampler, completing a block when the weight reaches it. */
  private offer(value: number, weight: number): void {
    let remaining = weight;
    while (remaining > 0) {
      const take = Math.min(remaining, this.block - this.candidateWeight);
      this.candidateWeight += take;
      if (this.random() * this.candidateWeight < take) this.candidateValue = value;
      remaining -= take;
      if (this.candidateWeight === this.block) {
        this.candidateWeight = 0;
        this.push(0, this.candidateValue);
      }
    }
  }

  private compress(lazy: boolean): void {
    this.sync();
    for (let level = 0; level < this.levels.length; level++) {
      if (this.sizes[level]! < this.capacity(level)) continue;
      if (level + 1 >= this.levels.length) {
        if (this.levels.length >= this.maxLevels) {
          this.dropBottom();
          level--;
        }
        this.addTop();
      }
      this.compact(level);
      if (lazy && this.size < this.maxSize) break;
    }
    this.reload();
  }

  private compact(level: number): void {
    const size = this.sizes[level]!;
    const items = this.levels[level]!.subarray(0, size).sort();
    const odd = size & 1;
    const from = odd + (this.random() < 0.5 ? 0 : 1);
    this.sizes[level] = odd;
    this.size -= size - odd;
    for (let index = from; index < size; index += 2) this.push(level + 1, items[index]!);
  }

  /**
   * Merges another sketch with the same `k` into this one.
   * @throws {PlinthError} `PLINTH_VALIDATION` when the sketches' `k` differ.
   */
  merge(other: KllSketch): void {
    if (!(other instanceof KllSketch)) {
      throw invalid('KllSketch.merge takes another KllSketch', { argument: 'other' });
    }
    if (other.k !== this.k) {
      throw invalid(
        `cannot merge KLL sketches with k ${this.k} and ${other.k}; build both with the same sketchK`,
        { argument: 'other', k: [this.k, other.k] },
      );
    }
    this.sync();
    other.sync();
    while (this.samplerExponent < other.samplerExponent) {
      if (this.levels.length < 2) this.addTop();
      this.dropBottom();
    }
    const shift = other.samplerExponent - this.samplerExponent;
    for (let level = 0; level < other.levels.length; level++) {
      const target = level + shift;
      const items = other.levels[level]!;
      if (target < 0) {
        const weight = 2 ** (other.samplerExponent + level);
        for (let index = 0; index < other.sizes[level]!; index++) this.offer(items[index]!, weight);
        continue;
      }
      while (this.levels.length <= target) this.addTop();
      for (let index = 0; index < other.sizes[level]!; index++) this.push(target, items[index]!);
    }
    if (other.candidateWeight > 0) this.offer(other.candidateValue, other.candidateWeight);
    this.n += other.n;
    this.reload();
    while (this.size >= this.maxSize) this.compress(false);
  }

  /** Items and their weights, sorted by value; `cumulative[i]` is the weight of items ≤ `values[i]`. */
  sortedView(): { values: Float64Array; weights: Float64Array; cumulative: Float64Array } {
    this.sync();
    const pairs: Array<[number, number]> = [];
    for (let level = 0; level < this.levels.length; level++) {
      const items = this.levels[level]!;
      const weight = 2 ** (this.samplerExponent + level);
      for (let index = 0; index < this.sizes[level]!; index++) pairs.push([items[index]!, weight]);
    }
    if (this.candidateWeight > 0) pairs.push([this.candidateValue, this.candidateWeight]);
    pairs.sort((a, b) => a[0] - b[0]);
    const values = new Float64Array(pairs.length);
    const weights = new Float64Array(pairs.length);
    const cumulative = new Float64Array(pairs.length);
    let running = 0;
    pairs.forEach(([value, weight], index) => {
      running += weight;
      values[index] = value;
      weights[index] = weight;
      cumulative[index] = running;
    });
    return { values, weights, cumulative };
  }

  /** Number of items retained (the sketch's size in values). */
  retained(): number {
    this.sync();
    return this.sizes.reduce((sum, size) => sum + size, 0) + (this.candidateWeight > 0 ? 1 : 0);
  }

  /** Estimated fraction of values ≤ `value`. */
  cdf(value: number): number {
    if (this.n === 0) return Number.NaN;
    const view = this.sortedView();
    let low = 0;
    let high = view.values.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (view.values[middle]! <= value) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? 0 : view.cumulative[low - 1]! / this.n;
  }

  /** Estimated `q`-quantile (0 ≤ q ≤ 1): the smallest stored value whose estimated rank reaches q·n. */
  quantile(q: number): number {
    return this.quantiles([q])[0]!;
  }

  /**
   * Several quantiles from one sorted view.
   * @throws {PlinthError} `PLINTH_VALIDATION` when a `q` is not a number in [0, 1].
   */
  quantiles(qs: readonly number[]): number[] {
    for (const q of qs) checkNumber(q, 'quantile q', { min: 0, max: 1 });
    if (this.n === 0) return qs.map(() => Number.NaN);
    const view = this.sortedView();
    return qs.map((q) => {
      const target = Math.max(1, Math.ceil(q * this.n));
      let low = 0;
      let high = view.values.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (view.cumulative[middle]! >= target) high = middle;
        else low = middle + 1;
      }
      return view.values[low]!;
    });
  }

  /** Plain-data form (see {@link KllSketchData}). */
  toJSON(): KllSketchData {
    this.sync();
    return {
      k: this.k,
      n: this.n,
      samplerExponent: this.samplerExponent,
      candidate: this.candidateWeight > 0 ? [this.candidateValue, this.candidateWeight] : null,
      levels: this.levels.map((items, level) => Array.from(items.subarray(0, this.sizes[level]!))),
    };
  }

  /** Rebuilds a sketch from {@link KllSketch.toJSON}; undefined when the weights do not add up to `n`. */
  static fromJSON(data: KllSketchData): KllSketch | undefined {
    const sketch = new KllSketch(data.k);
    let weight = data.candidate ? data.candidate[1] : 0;
    data.levels.forEach((items, level) => {
      weight += items.length * 2 ** (data.samplerExponent + level);
    });
    if (weight !== data.n || data.levels.length === 0) return undefined;
    if (data.candidate && data.candidate[1] >= 2 ** data.samplerExponent) return undefined;
    while (sketch.levels.length < data.levels.length) sketch.addTop();
    data.levels.forEach((items, level) => {
      for (const item of items) sketch.push(level, item);
    });
    sketch.samplerExponent = data.samplerExponent;
    sketch.block = 2 ** data.samplerExponent;
    if (data.candidate) [sketch.candidateValue, sketch.candidateWeight] = data.candidate;
    sketch.n = data.n;
    sketch.reload();
    return sketch;
  }
}
