import type { MetricColumns } from './codec.ts';

const INITIAL_CAPACITY = 256;

/** Points of one metric key waiting to be flushed, in growable typed arrays. */
export class KeyBuffer {
  readonly key: string;
  values = new Float64Array(INITIAL_CAPACITY);
  steps = new Float64Array(INITIAL_CAPACITY);
  timestamps = new Float64Array(INITIAL_CAPACITY);
  length = 0;

  constructor(key: string) {
    this.key = key;
  }

  /** Appends one point. */
  push(value: number, step: number, timestamp: number): void {
    if (this.length === this.values.length) this.grow();
    const index = this.length++;
    this.values[index] = value;
    this.steps[index] = step;
    this.timestamps[index] = timestamp;
  }

  /** Takes the buffered points out (columns trimmed to length) and starts empty again. */
  drain(): MetricColumns & { count: number } {
    const count = this.length;
    const taken = {
      values: this.values.subarray(0, count),
      steps: this.steps.subarray(0, count),
      timestamps: this.timestamps.subarray(0, count),
      count,
    };
    const capacity = Math.max(INITIAL_CAPACITY, Math.min(this.values.length, 1 << 16));
    this.values = new Float64Array(capacity);
    this.steps = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
    this.length = 0;
    return taken;
  }

  private grow(): void {
    const capacity = this.values.length * 2;
    const values = new Float64Array(capacity);
    values.set(this.values);
    const steps = new Float64Array(capacity);
    steps.set(this.steps);
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps);
    this.values = values;
    this.steps = steps;
    this.timestamps = timestamps;
  }
}
