/**
 * Indices of the points kept when `count` points are drawn into `buckets` pixel columns: per bucket the
 * first, the minimum, the maximum and the last point (M4 aggregation), in order, so every extreme survives
 * and the drawn line is the same as with every point. NaN values are skipped for the extremes but a bucket
 * made only of NaN keeps its first point (the gap shows). `count <= 4 * buckets` keeps everything.
 */
export function downsampleIndices(values: ArrayLike<number>, buckets: number): Uint32Array {
  const count = values.length;
  if (count <= buckets * 4) return Uint32Array.from({ length: count }, (_, index) => index);
  const kept = new Uint32Array(buckets * 4);
  let size = 0;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = Math.floor((bucket * count) / buckets);
    const end = Math.floor(((bucket + 1) * count) / buckets);
    if (end <= start) continue;
    let minIndex = -1;
    let maxIndex = -1;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let index = start; index < end; index++) {
      const value = values[index]!;
      if (value < min || (minIndex < 0 && value === min)) {
        min = value;
        minIndex = index;
      }
      if (value > max || (maxIndex < 0 && value === max)) {
        max = value;
        maxIndex = index;
      }
    }
    const picks = [start, minIndex, maxIndex, end - 1].filter((index) => index >= 0).sort((a, b) => a - b);
    let last = -1;
    for (const index of picks) {
      if (index === last) continue;
      kept[size++] = index;
      last = index;
    }
  }
  return kept.slice(0, size);
}

/** JSON has no NaN or ±Infinity: they travel as strings the page turns back into numbers. */
export function jsonNumber(value: number): number | string {
  if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}
