// One linear merge of two sorted samples, finding the extremes of ECDF₁ − ECDF₂ as scipy.stats.ks_2samp does.

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

/**
 * scipy evaluates cdf1 − cdf2 (searchsorted 'right', i.e. counting every value ≤ x) at each point of
 * concat(data1, data2) and takes the first argmax / argmin in that order: the smallest data1 value reaching the
 * extreme, else the smallest data2 value. Differences are formed as i/n1 − j/n2, bit for bit as numpy does.
 */
export function ecdfExtremes(data1: Float64Array, data2: Float64Array): EcdfExtremes {
  const n1 = data1.length;
  const n2 = data2.length;
  let max1 = Number.NEGATIVE_INFINITY;
  let max1At = Number.NaN;
  let min1 = Number.POSITIVE_INFINITY;
  let min1At = Number.NaN;
  let max2 = Number.NEGATIVE_INFINITY;
  let max2At = Number.NaN;
  let min2 = Number.POSITIVE_INFINITY;
  let min2At = Number.NaN;
  let i = 0;
  let j = 0;
  let inGroup1 = false;
  let inGroup2 = false;
  while (i < n1 || j < n2) {
    let value: number;
    if (j >= n2 || (i < n1 && data1[i]! <= data2[j]!)) {
      value = data1[i]!;
      i++;
      inGroup1 = true;
    } else {
      value = data2[j]!;
      j++;
      inGroup2 = true;
    }
    // A tie group is complete only when neither sample's next value equals this one.
    if ((i < n1 && data1[i] === value) || (j < n2 && data2[j] === value)) continue;
    const diff = i / n1 - j / n2;
    if (inGroup1) {
      if (diff > max1) {
        max1 = diff;
        max1At = value;
      }
      if (diff < min1) {
        min1 = diff;
        min1At = value;
      }
      inGroup1 = false;
    }
    if (inGroup2) {
      if (diff > max2) {
        max2 = diff;
        max2At = value;
      }
      if (diff < min2) {
        min2 = diff;
        min2At = value;
      }
      inGroup2 = false;
    }
  }
  const firstMax = max1 >= max2;
  const firstMin = min1 <= min2;
  return {
    max: firstMax ? max1 : max2,
    maxAt: firstMax ? max1At : max2At,
    min: firstMin ? min1 : min2,
    minAt: firstMin ? min1At : min2At,
  };
}
