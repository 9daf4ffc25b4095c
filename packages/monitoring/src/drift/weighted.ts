/** A sorted weighted sample (a sketch's items): `values` ascending, `weights` summing to `total`. */
export interface WeightedSorted {
  values: Float64Array;
  weights: Float64Array;
  total: number;
}

/**
 * KS statistic D = sup |F_ref − F_cur| and the Wasserstein-1 distance ∫ |F_ref − F_cur| dx between a weighted
 * sorted reference (a sketch) and a sorted current sample, in one merge over both.
 */
export function weightedDistances(
  reference: WeightedSorted,
  current: Float64Array,
): { ks: number; wasserstein: number } {
  const referenceValues = reference.values;
  const weights = reference.weights;
  const r = referenceValues.length;
  const m = current.length;
  let i = 0;
  let j = 0;
  let referenceWeight = 0;
  let currentCount = 0;
  let previous = Number.NaN;
  let ks = 0;
  let area = 0;
  let carry = 0;
  while (i < r || j < m) {
    const x = i < r && (j >= m || referenceValues[i]! <= current[j]!) ? referenceValues[i]! : current[j]!;
    if (!Number.isNaN(previous)) {
      const term = Math.abs(referenceWeight / reference.total - currentCount / m) * (x - previous) - carry;
      const next = area + term;
      carry = next - area - term;
      area = next;
    }
    while (i < r && referenceValues[i] === x) referenceWeight += weights[i++]!;
    while (j < m && current[j] === x) {
      currentCount++;
      j++;
    }
    const gap = Math.abs(referenceWeight / reference.total - currentCount / m);
    if (gap > ks) ks = gap;
    previous = x;
  }
  return { ks, wasserstein: area };
}

/** Expands a weighted sample into repeated values (weights are whole numbers), sorted. */
export function expandWeighted(reference: WeightedSorted): Float64Array {
  const out = new Float64Array(reference.total);
  let at = 0;
  for (let index = 0; index < reference.values.length; index++) {
    out.fill(reference.values[index]!, at, at + reference.weights[index]!);
    at += reference.weights[index]!;
  }
  return out;
}
