// Sorting float64 samples for the KS, Wasserstein and drift statistics: a bucket (spread) sort on the values.
//
// One pass finds the range; a counting pass and a scatter pass (the scatter is also the copy) put each value
// in one of about n/4 equal-width buckets of that range, so ordinary data leaves a few values a bucket, sorted
// in place by insertion. A crowded bucket (skewed data, outliers stretching the range) is sorted the same way
// on its own range, a few levels deep, then by `Float64Array.prototype.sort`. Equal values always share a
// bucket. The order is exactly `Float64Array.prototype.sort`'s: −0 before +0, and with any NaN or ±Infinity in
// the input the whole sort is left to it (NaN last).
//
// Every loop sits in its own small function with nothing after it but a return: on Node 20, V8 re-enters cached
// on-stack-replacement code compiled before the code after a loop had run, and deoptimizes there on every call
// (a 100,000-value sort took 80 ms instead of 3 when one function held all the passes).

/** Below this many values `Float64Array.prototype.sort` is as fast. */
const SMALL_SORT = 1024;
/** Buckets up to this size are sorted by insertion. */
const INSERTION = 32;
/** Levels of bucketing before a crowded bucket is left to `Float64Array.prototype.sort`. */
const MAX_DEPTH = 4;
const MAX_BUCKETS = 1 << 16;
/** Largest scratch kept for reuse between calls, in values (8 bytes each: 8 MiB). */
const KEEP_LIMIT = 1 << 20;

let keptScratch: Float64Array | undefined;
const keptCounts: Uint32Array[] = [];
// Results of scan() and rangeOf() (module state instead of an object per call).
let low = 0;
let high = 0;
let finite = true;
let negativeZeros = 0;

function scratchOf(n: number): Float64Array {
  if (keptScratch && keptScratch.length >= n) return keptScratch;
  const fresh = new Float64Array(n);
  if (n <= KEEP_LIMIT) keptScratch = fresh;
  return fresh;
}

/** Range of the whole input, whether every value is finite, and how many are −0. */
function scan(values: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let all = true;
  let zeros = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    min = Math.min(value, min);
    max = Math.max(value, max);
    all = all && value - value === 0;
    zeros += value === 0 && 1 / value < 0 ? 1 : 0;
  }
  low = min;
  high = max;
  finite = all;
  negativeZeros = zeros;
}

/** Range of values [start, stop) (finite). */
function rangeOf(values: Float64Array, start: number, stop: number): void {
  let min = values[start]!;
  let max = min;
  for (let index = start + 1; index < stop; index++) {
    const value = values[index]!;
    min = Math.min(value, min);
    max = Math.max(value, max);
  }
  low = min;
  high = max;
}

/** Bucket sizes, shifted by one (counts[b + 1] is the size of bucket b). */
function countBuckets(
  source: Float64Array,
  from: number,
  end: number,
  half: number,
  scale: number,
  last: number,
  counts: Uint32Array,
): void {
  for (let index = from; index < end; index++) {
    const bucket = ((source[index]! * 0.5 - half) * scale) | 0;
    counts[Math.min(bucket, last) + 1]!++;
  }
}

/** Turns sizes into starts. */
function accumulate(counts: Uint32Array, buckets: number): void {
  for (let bucket = 0; bucket < buckets; bucket++) counts[bucket + 1]! += counts[bucket]!;
}

/** Writes each value at its bucket's next slot; counts[b] ends as the end of bucket b. */
function scatter(
  source: Float64Array,
  from: number,
  end: number,
  half: number,
  scale: number,
  last: number,
  counts: Uint32Array,
  target: Float64Array,
  at: number,
): void {
  for (let index = from; index < end; index++) {
    const value = source[index]!;
    const bucket = ((value * 0.5 - half) * scale) | 0;
    target[at + counts[Math.min(bucket, last)]!++] = value;
  }
}

function sortBuckets(
  target: Float64Array,
  at: number,
  buckets: number,
  counts: Uint32Array,
  length: number,
  scratch: Float64Array,
  depth: number,
): void {
  let start = at;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const stop = at + counts[bucket]!;
    sortBucket(target, start, stop, length, scratch, depth);
    start = stop;
  }
}

function insertionSort(target: Float64Array, start: number, stop: number): void {
  for (let index = start + 1; index < stop; index++) {
    const value = target[index]!;
    let slot = index - 1;
    while (slot >= start && target[slot]! > value) {
      target[slot + 1] = target[slot]!;
      slot--;
    }
    target[slot + 1] = value;
  }
}

/** Sorts one bucket: by insertion when small, else on its own range one level down. */
function sortBucket(
  target: Float64Array,
  start: number,
  stop: number,
  parent: number,
  scratch: Float64Array,
  depth: number,
): void {
  const size = stop - start;
  if (size <= INSERTION) {
    if (size > 1) insertionSort(target, start, stop);
    return;
  }
  rangeOf(target, start, stop);
  if (low === high) return;
  // A bucket holding everything (values too close to split at this scale) goes to the fallback.
  if (size === parent) {
    target.subarray(start, stop).sort();
    return;
  }
  scratch.set(target.subarray(start, stop));
  spread(scratch, 0, target, start, size, low, high, scratch, depth + 1);
}

/**
 * Scatters `length` values of `source` from `from` into `target` at `at` by bucket of [min, max], then sorts
 * each bucket there (`scratch` holds a crowded bucket while it is scattered back one level down).
 */
function spread(
  source: Float64Array,
  from: number,
  target: Float64Array,
  at: number,
  length: number,
  min: number,
  max: number,
  scratch: Float64Array,
  depth: number,
): void {
  let buckets = 16;
  while (buckets < MAX_BUCKETS && buckets * 4 < length) buckets *= 2;
  // Halves keep max − min finite; equal values land in one bucket and the bucket index never decreases.
  const half = min * 0.5;
  const scale = buckets / (max * 0.5 - half);
  if (!(scale < Number.POSITIVE_INFINITY) || depth > MAX_DEPTH) {
    if (source !== target || from !== at) target.set(source.subarray(from, from + length), at);
    target.subarray(at, at + length).sort();
    return;
  }
  let counts = keptCounts[depth];
  if (!counts) counts = keptCounts[depth] = new Uint32Array(MAX_BUCKETS + 1);
  counts.fill(0, 0, buckets + 1);
  countBuckets(source, from, from + length, half, scale, buckets - 1, counts);
  accumulate(counts, buckets);
  scatter(source, from, from + length, half, scale, buckets - 1, counts, target, at);
  sortBuckets(target, at, buckets, counts, length, scratch, depth);
}

/** Writes −0 before +0 in the run of zeros of a sorted finite array (they share a bucket). */
function orderZeros(target: Float64Array, count: number): void {
  let lo = 0;
  let hi = target.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (target[mid]! < 0) lo = mid + 1;
    else hi = mid;
  }
  target.fill(-0, lo, lo + count);
  for (let index = lo + count; index < target.length && target[index] === 0; index++) target[index] = 0;
}

/**
 * Writes `source` sorted ascending into `target` (same length, a different buffer), exactly as
 * `Float64Array.prototype.sort` orders. `scratch` may be `source` when the caller no longer needs it.
 */
function sortInto(source: Float64Array, target: Float64Array, scratch?: Float64Array): void {
  const n = source.length;
  if (n < SMALL_SORT) {
    target.set(source);
    target.sort();
    return;
  }
  scan(source);
  const zeros = negativeZeros;
  if (!finite || low === high) {
    target.set(source);
    if (!finite || zeros > 0) target.sort();
    return;
  }
  spread(source, 0, target, 0, n, low, high, scratch ?? scratchOf(n), 0);
  if (zeros > 0) orderZeros(target, zeros);
}

/** A sorted copy of `values` (the input is left as it is), ordered as `Float64Array.prototype.sort` orders. */
export function sortFloat64Copy(values: Float64Array): Float64Array {
  const copy = new Float64Array(values.length);
  sortInto(values, copy);
  return copy;
}

/**
 * Sorts float64 values ascending in place, exactly as `Float64Array.prototype.sort` (−0 before +0, NaN last),
 * several times faster from a few thousand values.
 */
export function radixSortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL_SORT) return values.sort();
  const copy = n <= KEEP_LIMIT ? scratchOf(n).subarray(0, n) : new Float64Array(n);
  copy.set(values);
  sortInto(copy, values, copy);
  return values;
}
