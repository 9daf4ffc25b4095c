// Sorting float64 samples for the KS and Wasserstein statistics: a most-significant-digit radix pass that is also
// the copy, then a cache-resident least-significant-digit radix sort inside each bucket.
//
// Keys are the IEEE-754 bits made order-preserving (sign bit flipped for positives, every bit flipped for
// negatives), kept as two 32-bit words. The first pass scatters the input into the output by the 16 highest bits
// in which the sample's keys differ; each bucket (a few hundred KB at most for ordinary data) is then sorted on
// the bits below that digit, where it sits in cache. The only fresh memory a sort touches is its output: fresh
// pages are slow to touch on virtual machines (about as slow as the sort itself at 10⁷ values), so the bucket
// scratch is small and kept for reuse.

const SMALL_SORT = 4096;
const TOP_BITS = 16;
const TOP_BUCKETS = 1 << TOP_BITS;
/** Sign, exponent and the first mantissa bit: with fewer, a bucket could mix a NaN with finite values. */
const MIN_TOP_BITS = 13;
const LSD_BITS = 12;
const LSD_BUCKETS = 1 << LSD_BITS;
const LSD_MASK = LSD_BUCKETS - 1;
/** Buckets up to this size are sorted by `Float64Array.prototype.sort` (std::sort), faster than radix there. */
const BUCKET_SORT = 256;
/** Largest scratch kept for reuse between calls, in values (16 bytes each: 16 MiB). */
const KEEP_LIMIT = 1 << 20;

let topCounts: Uint32Array | undefined;
let lsdCounts: Uint32Array | undefined;
let lsdOffsets: Uint32Array | undefined;
let keptScratch: Uint32Array | undefined;
let keptCopy: Float64Array | undefined;

function scratchOf(words: number): Uint32Array {
  if (keptScratch && keptScratch.length >= words) return keptScratch;
  const fresh = new Uint32Array(words);
  if (words <= 2 * KEEP_LIMIT) keptScratch = fresh;
  return fresh;
}

/** The order-preserving high word of a double's bits. */
function keyHi(hi: number): number {
  return hi & 0x80000000 ? ~hi >>> 0 : (hi | 0x80000000) >>> 0;
}

/** The order-preserving low word, given the raw high word. */
function keyLo(hi: number, lo: number): number {
  return hi & 0x80000000 ? ~lo >>> 0 : lo;
}

/** The digit of a key at bit `shift` (16 bits wide). */
function digitAt(hi: number, lo: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & 0xffff;
  if (shift === 0) return lo & 0xffff;
  return ((hi << (32 - shift)) | (lo >>> shift)) & 0xffff;
}

/** The 12-bit digit of a key at bit `shift`. */
function lsdDigit(hi: number, lo: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & LSD_MASK;
  if (shift + LSD_BITS <= 32) return (lo >>> shift) & LSD_MASK;
  return ((lo >>> shift) | (hi << (32 - shift))) & LSD_MASK;
}

/** Turns keys [from, to) of `words` back into doubles, in place. */
function decode(words: Uint32Array, from: number, to: number): void {
  for (let index = from; index < to; index++) {
    const hi = words[2 * index + 1]!;
    const lo = words[2 * index]!;
    if (hi & 0x80000000) {
      words[2 * index + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      words[2 * index + 1] = ~hi >>> 0;
      words[2 * index] = ~lo >>> 0;
    }
  }
}

/** Sorts keys [from, to) of `words` on their `bits` lowest bits (LSD, 12-bit digits, trivial digits skipped). */
function sortBucket(words: Uint32Array, from: number, to: number, bits: number): void {
  const n = to - from;
  const passes = Math.ceil(bits / LSD_BITS);
  if (passes === 0) return;
  lsdCounts ??= new Uint32Array(LSD_BUCKETS * 6);
  const counts = lsdCounts;
  counts.fill(0, 0, passes * LSD_BUCKETS);
  for (let index = from; index < to; index++) {
    const lo = words[2 * index]!;
    const hi = words[2 * index + 1]!;
    for (let pass = 0; pass < passes; pass++) {
      counts[pass * LSD_BUCKETS + lsdDigit(hi, lo, pass * LSD_BITS)]!++;
    }
  }
  let source = words;
  let sourceBase = from;
  let target: Uint32Array | undefined;
  let targetBase = 0;
  lsdOffsets ??= new Uint32Array(LSD_BUCKETS);
  const offsets = lsdOffsets;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * LSD_BUCKETS;
    let trivial = false;
    let running = 0;
    for (let digit = 0; digit < LSD_BUCKETS; digit++) {
      const count = counts[base + digit]!;
      if (count === n) {
        trivial = true;
        break;
      }
      offsets[digit] = running;
      running += count;
    }
    if (trivial) continue;
    if (target === undefined) {
      target = scratchOf(2 * n);
      targetBase = 0;
    }
    const shift = pass * LSD_BITS;
    for (let index = 0; index < n; index++) {
      const lo = source[2 * (sourceBase + index)]!;
      const hi = source[2 * (sourceBase + index) + 1]!;
      const at = 2 * (targetBase + offsets[lsdDigit(hi, lo, shift)]!++);
      target[at] = lo;
      target[at + 1] = hi;
    }
    const swapWords = source;
    const swapBase = sourceBase;
    source = target;
    sourceBase = targetBase;
    target = swapWords;
    targetBase = swapBase;
  }
  if (source !== words) words.set(source.subarray(2 * sourceBase, 2 * (sourceBase + n)), 2 * from);
}

/**
 * Writes `source` sorted ascending into `target` (same length, a different buffer). −0 sorts before +0; a NaN
 * sorts by its bits: before −Infinity when its sign bit is set, after +Infinity otherwise (callers check the
 * ends). No bucket ever mixes a NaN with a finite value, so the ends tell.
 */
function sortInto(source: Float64Array, target: Float64Array): void {
  const n = source.length;
  if (n < SMALL_SORT) {
    target.set(source);
    target.sort();
    return;
  }
  const input = new Uint32Array(source.buffer, source.byteOffset, 2 * n);
  const output = new Uint32Array(target.buffer, target.byteOffset, 2 * n);
  // Pass 1: the highest bit in which any two keys differ.
  const firstHi = keyHi(input[1]!);
  const firstLo = keyLo(input[1]!, input[0]!);
  let diffHi = 0;
  let diffLo = 0;
  for (let index = 0; index < n; index++) {
    const raw = input[2 * index + 1]!;
    diffHi |= keyHi(raw) ^ firstHi;
    diffLo |= keyLo(raw, input[2 * index]!) ^ firstLo;
  }
  const top = diffHi !== 0 ? 63 - Math.clz32(diffHi) : diffLo !== 0 ? 31 - Math.clz32(diffLo) : -1;
  if (top < 0) {
    target.set(source);
    return;
  }
  // The top digit is as wide as the sample needs (about 64 values a bucket), 13 to 16 bits: at 10⁵ values a
  // 16-bit digit leaves most buckets with one or two values and the per-bucket work dominates.
  const bits = Math.min(TOP_BITS, Math.max(MIN_TOP_BITS, Math.ceil(Math.log2(n / 64))));
  const buckets = 1 << bits;
  const mask = buckets - 1;
  const shift = Math.max(0, top - bits + 1);
  // Pass 2: bucket sizes. Pass 3: scatter the keys into their buckets (this is the copy).
  topCounts ??= new Uint32Array(TOP_BUCKETS + 1);
  const counts = topCounts;
  counts.fill(0, 0, buckets + 1);
  for (let index = 0; index < n; index++) {
    const raw = input[2 * index + 1]!;
    counts[(digitAt(keyHi(raw), keyLo(raw, input[2 * index]!), shift) & mask) + 1]!++;
  }
  for (let digit = 1; digit <= buckets; digit++) counts[digit]! += counts[digit - 1]!;
  for (let index = 0; index < n; index++) {
    const raw = input[2 * index + 1]!;
    const hi = keyHi(raw);
    const lo = keyLo(raw, input[2 * index]!);
    const at = 2 * counts[digitAt(hi, lo, shift) & mask]!++;
    output[at] = lo;
    output[at + 1] = hi;
  }
  // Buckets: counts[d] is now the end of bucket d.
  let start = 0;
  for (let digit = 0; digit < buckets; digit++) {
    const end = counts[digit]!;
    const size = end - start;
    if (size > BUCKET_SORT) {
      sortBucket(output, start, end, shift);
      decode(output, start, end);
    } else if (size > 0) {
      decode(output, start, end);
      if (size > 1) target.subarray(start, end).sort();
    }
    start = end;
  }
}

/** A sorted copy of `values` (the input is left as it is). */
export function sortFloat64Copy(values: Float64Array): Float64Array {
  const copy = new Float64Array(values.length);
  sortInto(values, copy);
  return copy;
}

/**
 * Sorts float64 values ascending in place (see {@link sortFloat64Copy} for the order of −0, ±Infinity and NaN).
 */
export function radixSortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < SMALL_SORT) return values.sort();
  // The input's copy lives in its own buffer (kept for reuse up to KEEP_LIMIT); the bucket sorts use `keptScratch`.
  if (!keptCopy || keptCopy.length < n) {
    const fresh = new Float64Array(n);
    if (n > KEEP_LIMIT) {
      fresh.set(values);
      sortInto(fresh, values);
      return values;
    }
    keptCopy = fresh;
  }
  const copy = keptCopy.subarray(0, n);
  copy.set(values);
  sortInto(copy, values);
  return values;
}
