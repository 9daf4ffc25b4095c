// The extremes of ECDF₁ − ECDF₂ over the pooled sample, as scipy.stats.ks_2samp finds them: one linear merge of
// two sorted samples, or, for unsorted samples, the same merge over the few value ranges where an extreme can be.

/** Extremes of cdf1 − cdf2 over the pooled sample, with scipy's argmax / argmin locations. */
export interface EcdfExtremes {
  /** Largest cdf1 − cdf2. */
  max: number;
  /** Where it is first reached in concat(data1, data2) order. */
  maxAt: number;
  /** Smallest cdf1 − cdf2. */
  min: number;
  /** Where it is first reached in concat(data1, data2) order. */
  minAt: number;
}

/** Running extremes over data1 points ([0..3]: max, maxAt, min, minAt) and data2 points ([4..7]). */
type Walk = Float64Array;

function newWalk(): Walk {
  return Float64Array.of(
    -Infinity,
    Number.NaN,
    Infinity,
    Number.NaN,
    -Infinity,
    Number.NaN,
    Infinity,
    Number.NaN,
  );
}

/**
 * Merges sorted `a` (data1's values in a value range) and `b` (data2's, same range), `i0` and `j0` being the
 * counts of each sample below the range. scipy evaluates cdf1 − cdf2 (searchsorted 'right', i.e. counting every
 * value ≤ x) at each point of concat(data1, data2) and takes the first argmax / argmin in that order: the smallest
 * data1 value reaching the extreme, else the smallest data2 value. Differences are formed as i/n1 − j/n2, bit for
 * bit as numpy does. Ranges must be walked in increasing order.
 */
function walk(
  a: Float64Array,
  b: Float64Array,
  i0: number,
  j0: number,
  n1: number,
  n2: number,
  s: Walk,
): void {
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let inGroup1 = false;
  let inGroup2 = false;
  while (i < na || j < nb) {
    let value: number;
    if (j >= nb || (i < na && a[i]! <= b[j]!)) {
      value = a[i++]!;
      inGroup1 = true;
    } else {
      value = b[j++]!;
      inGroup2 = true;
    }
    // A tie group is complete only when neither sample's next value equals this one.
    if ((i < na && a[i] === value) || (j < nb && b[j] === value)) continue;
    const diff = (i0 + i) / n1 - (j0 + j) / n2;
    for (let side = 0; side < 8; side += 4) {
      if (side ? inGroup2 : inGroup1) {
        if (diff > s[side]!) {
          s[side] = diff;
          s[side + 1] = value;
        }
        if (diff < s[side + 2]!) {
          s[side + 2] = diff;
          s[side + 3] = value;
        }
      }
    }
    inGroup1 = inGroup2 = false;
  }
}

function result(s: Walk): EcdfExtremes {
  const firstMax = s[0]! >= s[4]!;
  const firstMin = s[2]! <= s[6]!;
  return {
    max: s[firstMax ? 0 : 4]!,
    maxAt: s[firstMax ? 1 : 5]!,
    min: s[firstMin ? 2 : 6]!,
    minAt: s[firstMin ? 3 : 7]!,
  };
}

/** {@link EcdfExtremes} of two samples sorted ascending. */
export function ecdfExtremes(data1: Float64Array, data2: Float64Array): EcdfExtremes {
  const s = newWalk();
  walk(data1, data2, 0, 0, data1.length, data2.length, s);
  return result(s);
}

/** Ranges up to this many values (both samples) are sorted and walked. */
const LEAF = 512;
/** Levels of bucketing before a range is sorted whatever its size. */
const MAX_DEPTH = 6;

/**
 * {@link EcdfExtremes} of two unsorted samples of finite values (left as they are), without sorting them.
 *
 * Both samples are counted into the same equal-width value buckets. At the largest value of a non-empty bucket
 * cdf1 − cdf2 is known exactly from the counts, which bounds the extremes (max ≥ L, min ≤ U); inside a bucket the
 * difference lies between before₁/n1 − end₂/n2 and end₁/n1 − before₂/n2, so only buckets whose bound reaches L
 * or U can hold an extreme or an earlier point equal to it. Those few (a handful for ordinary data) are copied out
 * and handled the same way on their own range, then sorted and walked in value order. Equal values share a
 * bucket and the differences are the same divisions as in the full merge: the result is identical to
 * {@link ecdfExtremes} of the sorted samples.
 */
export function ecdfExtremesUnsorted(data1: Float64Array, data2: Float64Array): EcdfExtremes {
  const s = newWalk();
  // [L, U, and scratch for the range and the bucket mapping]
  const bounds = Float64Array.of(-Infinity, Infinity, 0, 0);
  extremesIn(data1, data2, 0, 0, data1.length, data2.length, s, bounds, 0);
  return result(s);
}

// Every loop over values or buckets is a function of its own whose every operation runs on each iteration: on
// Node 20, V8 re-enters cached on-stack-replacement code compiled before a rarely taken path had run, and
// deoptimizes there again on every call.

/** Widens [bounds[2], bounds[3]] to the range of `values`. */
function rangeOf(values: Float64Array, bounds: Float64Array): void {
  let lo = bounds[2]!;
  let hi = bounds[3]!;
  for (let index = 0; index < values.length; index++) {
    lo = Math.min(lo, values[index]!);
    hi = Math.max(hi, values[index]!);
  }
  bounds[2] = lo;
  bounds[3] = hi;
}

function count(values: Float64Array, half: number, scale: number, last: number, counts: Int32Array): void {
  for (let index = 0; index < values.length; index++) {
    counts[Math.min(((values[index]! * 0.5 - half) * scale) | 0, last)]!++;
  }
}

/** Copies the values of the chosen buckets to `into` (offsets[b] > 0: next slot; 0: not chosen, slot 0 dummy). */
function gather(
  values: Float64Array,
  half: number,
  scale: number,
  last: number,
  offsets: Int32Array,
  into: Float64Array,
): void {
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const bucket = Math.min(((value * 0.5 - half) * scale) | 0, last);
    const at = offsets[bucket]!;
    into[at] = value;
    offsets[bucket] = at + (at > 0 ? 1 : 0);
  }
}

/** Raises L (bounds[0]) and lowers U (bounds[1]) to the differences at the bucket ends. */
function endBounds(
  countA: Int32Array,
  countB: Int32Array,
  i: number,
  j: number,
  n1: number,
  n2: number,
  bounds: Float64Array,
): void {
  let max = bounds[0]!;
  let min = bounds[1]!;
  for (let bucket = 0; bucket < countA.length; bucket++) {
    i += countA[bucket]!;
    j += countB[bucket]!;
    const diff = i / n1 - j / n2;
    const filled = countA[bucket]! + countB[bucket]! > 0;
    max = filled ? Math.max(max, diff) : max;
    min = filled ? Math.min(min, diff) : min;
  }
  bounds[0] = max;
  bounds[1] = min;
}

/**
 * Chooses the buckets that can reach L or U: lists [bucket, below₁, below₂] in `chosen` and turns the counts
 * into gather offsets (from 1; 0 for the others). Returns the number chosen.
 */
function choose(
  countA: Int32Array,
  countB: Int32Array,
  i: number,
  j: number,
  n1: number,
  n2: number,
  bounds: Float64Array,
  chosen: Float64Array,
): number {
  let k = 0;
  let sizeA = 1;
  let sizeB = 1;
  for (let bucket = 0; bucket < countA.length; bucket++) {
    const inA = countA[bucket]!;
    const inB = countB[bucket]!;
    const take =
      inA + inB > 0 && ((i + inA) / n1 - j / n2 >= bounds[0]! || i / n1 - (j + inB) / n2 <= bounds[1]!);
    chosen[k] = bucket;
    chosen[k + 1] = i;
    chosen[k + 2] = j;
    k += take ? 3 : 0;
    countA[bucket] = take ? sizeA : 0;
    countB[bucket] = take ? sizeB : 0;
    sizeA += take ? inA : 0;
    sizeB += take ? inB : 0;
    i += inA;
    j += inB;
  }
  bounds[2] = sizeA;
  bounds[3] = sizeB;
  return k;
}

function extremesIn(
  a: Float64Array,
  b: Float64Array,
  i0: number,
  j0: number,
  n1: number,
  n2: number,
  s: Walk,
  bounds: Float64Array,
  depth: number,
): void {
  bounds[2] = Infinity;
  bounds[3] = -Infinity;
  rangeOf(a, bounds);
  rangeOf(b, bounds);
  const lo = bounds[2]!;
  const hi = bounds[3]!;
  const total = a.length + b.length;
  let buckets = 16;
  while (buckets < 65_536 && buckets * 8 < total) buckets *= 2;
  // Halves keep hi − lo finite; equal values share a bucket and the bucket index never decreases with the value.
  const half = lo * 0.5;
  const scale = buckets / (hi * 0.5 - half);
  if (total <= LEAF || depth > MAX_DEPTH || !(scale < Infinity)) {
    // All equal (lo === hi) is sorted as it is; at depth 0 the arrays are the caller's.
    const sort = (values: Float64Array) =>
      lo === hi ? values : depth ? values.sort() : values.slice().sort();
    walk(sort(a), sort(b), i0, j0, n1, n2, s);
    return;
  }
  const last = buckets - 1;
  const countA = new Int32Array(buckets);
  const countB = new Int32Array(buckets);
  count(a, half, scale, last, countA);
  count(b, half, scale, last, countB);
  endBounds(countA, countB, i0, j0, n1, n2, bounds);
  const chosen = new Float64Array(3 * buckets + 3);
  const k = choose(countA, countB, i0, j0, n1, n2, bounds, chosen);
  const intoA = new Float64Array(bounds[2]!);
  const intoB = new Float64Array(bounds[3]!);
  gather(a, half, scale, last, countA, intoA);
  gather(b, half, scale, last, countB, intoB);
  // countA / countB [bucket] now hold the end of each chosen bucket's values; it starts where the previous ended.
  let startA = 1;
  let startB = 1;
  for (let at = 0; at < k; at += 3) {
    const bucket = chosen[at]!;
    extremesIn(
      intoA.subarray(startA, countA[bucket]),
      intoB.subarray(startB, countB[bucket]),
      chosen[at + 1]!,
      chosen[at + 2]!,
      n1,
      n2,
      s,
      bounds,
      depth + 1,
    );
    startA = countA[bucket]!;
    startB = countB[bucket]!;
  }
}
