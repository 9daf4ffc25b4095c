const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const MASK = BUCKETS - 1;
const PASSES = 6;

function scatter(
  hiKeys: Uint32Array,
  loKeys: Uint32Array,
  hiOut: Uint32Array,
  loOut: Uint32Array,
  offsets: Uint32Array,
  pass: number,
): void {
  const n = hiKeys.length;
  if (pass < 2) {
    const shift = pass * RADIX_BITS;
    for (let index = 0; index < n; index++) {
      const lo = loKeys[index]!;
      const at = offsets[(lo >>> shift) & MASK]!++;
      hiOut[at] = hiKeys[index]!;
      loOut[at] = lo;
    }
  } else if (pass === 2) {
    for (let index = 0; index < n; index++) {
      const hi = hiKeys[index]!;
      const lo = loKeys[index]!;
      const at = offsets[(lo >>> 22) | ((hi & 1) << 10)]!++;
      hiOut[at] = hi;
      loOut[at] = lo;
    }
  } else {
    const shift = 1 + (pass - 3) * RADIX_BITS;
    for (let index = 0; index < n; index++) {
      const hi = hiKeys[index]!;
      const at = offsets[(hi >>> shift) & MASK]!++;
      hiOut[at] = hi;
      loOut[at] = loKeys[index]!;
    }
  }
}

/** Largest sort whose scratch buffers are kept for reuse (16 bytes per value: 16 MiB). */
const KEEP_LIMIT = 1 << 20;
type Scratch = [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
let kept: Scratch | undefined;

function scratch(n: number): Scratch {
  if (kept && kept[0].length >= n) {
    return [
      kept[0].subarray(0, n),
      kept[1].subarray(0, n),
      kept[2].subarray(0, n),
      kept[3].subarray(0, n),
      kept[4],
      kept[5],
    ];
  }
  const fresh: Scratch = [
    new Uint32Array(n),
    new Uint32Array(n),
    new Uint32Array(n),
    new Uint32Array(n),
    new Uint32Array(BUCKETS * PASSES),
    new Uint32Array(BUCKETS),
  ];
  if (n <= KEEP_LIMIT) kept = fresh;
  return fresh;
}

/**
 * Sorts float64 values ascending in place with an LSD radix sort on their IEEE-754 bits (six 11-bit passes,
 * skipping passes where every key shares the digit, scratch buffers reused); below 4,096 values it defers to
 * `Float64Array.prototype.sort`, which is faster there. -0 sorts before +0. A NaN sorts by its bits: before
 * −Infinity when its sign bit is set, after +Infinity otherwise (callers check the ends).
 */
export function radixSortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 4096) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const buffers = scratch(n);
  let hiKeys = buffers[0];
  let loKeys = buffers[1];
  let hiOut = buffers[2];
  let loOut = buffers[3];
  const counts = buffers[4];
  counts.fill(0);
  for (let index = 0; index < n; index++) {
    let lo = words[2 * index]!;
    let hi = words[2 * index + 1]!;
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else hi = (hi | 0x80000000) >>> 0;
    hiKeys[index] = hi;
    loKeys[index] = lo;
    counts[lo & MASK]!++;
    counts[BUCKETS + ((lo >>> 11) & MASK)]!++;
    counts[2 * BUCKETS + ((lo >>> 22) | ((hi & 1) << 10))]!++;
    counts[3 * BUCKETS + ((hi >>> 1) & MASK)]!++;
    counts[4 * BUCKETS + ((hi >>> 12) & MASK)]!++;
    counts[5 * BUCKETS + (hi >>> 23)]!++;
  }
  const offsets = buffers[5];
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    let trivial = false;
    let running = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const count = counts[base + bucket]!;
      if (count === n) trivial = true;
      offsets[bucket] = running;
      running += count;
    }
    if (trivial) continue;
    scatter(hiKeys, loKeys, hiOut, loOut, offsets, pass);
    [hiKeys, hiOut] = [hiOut, hiKeys];
    [loKeys, loOut] = [loOut, loKeys];
  }
  for (let index = 0; index < n; index++) {
    const hi = hiKeys[index]!;
    const lo = loKeys[index]!;
    if (hi & 0x80000000) {
      words[2 * index + 1] = (hi & 0x7fffffff) >>> 0;
      words[2 * index] = lo;
    } else {
      words[2 * index + 1] = ~hi >>> 0;
      words[2 * index] = ~lo >>> 0;
    }
  }
  return values;
}
