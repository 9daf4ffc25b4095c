// One-sided Kolmogorov–Smirnov (Smirnov) and limiting two-sided (Kolmogorov) survival functions: a transcription
// of scipy's Cephes `kolmogorov.c` (van Mulbregt 2018) with the same branches, series and cut-offs. scipy carries
// double-double arithmetic through the Birnbaum–Tingey sum; here each term is formed in log space, which keeps
// the relative error near n·1e-16 (below 1e-10 for n ≤ 1000000.0, the largest n the sum is used for).

const KOLMOG_CUTOVER = 0.82;
const MIN_EXPABLE = -708 - 38;
const MINLOG = -745.1332191019412;
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const EPSILON = Number.EPSILON;

const SCALE_EXPONENT = 512;
const SCALE = 2 ** SCALE_EXPONENT;

const clip = (value: number): number => Math.min(Math.max(value, 0), 1);

/**
 * Survival function of the limiting Kolmogorov distribution, P(K > x) (scipy.stats.kstwobign.sf,
 * scipy.special.kolmogorov).
 *
 * @example
 * ```ts
 * kstwobignSf(1.3580986393225505); // ≈ 0.05
 * ```
 */
export function kstwobignSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x <= Math.PI / Math.sqrt(-MIN_EXPABLE * 8)) return 1;
  if (x <= KOLMOG_CUTOVER) {
    const w = Math.sqrt(2 * Math.PI) / x;
    const logu8 = (-Math.PI * Math.PI) / (x * x);
    const u = Math.exp(logu8 / 8);
    let P = 1;
    if (u === 0) {
      P = Math.exp(logu8 / 8 + Math.log(w));
    } else {
      const u8 = Math.exp(logu8);
      const u8cub = u8 ** 3;
      P = 1 + u8cub * P;
      P = 1 + u8 * u8 * P;
      P = 1 + u8 * P;
      P = w * u * P;
    }
    return clip(1 - P);
  }
  const v = Math.exp(-2 * x * x);
  const vsq = v * v;
  const v3 = v ** 3;
  let P = 1;
  P = 1 - v3 * v3 * v * P;
  P = 1 - v3 * vsq * P;
  P = 1 - v3 * P;
  return clip(2 * v * P);
}

/** floor(n·x) and the fractional part, with n·x formed exactly (Dekker's two-product). */
function modNX(n: number, x: number): { floor: number; alpha: number } {
  const hi = n * x;
  const split = 134217729; // 2^27 + 1
  const splitN = split * n;
  const nHi = splitN - (splitN - n);
  const nLo = n - nHi;
  const splitX = split * x;
  const xHi = splitX - (splitX - x);
  const xLo = x - xHi;
  const lo = nLo * xLo - (hi - nHi * xHi - nLo * xHi - nHi * xLo);
  let floor = Math.floor(hi);
  if (floor === hi && lo < 0) floor -= 1;
  let alpha = hi - floor + lo;
  if (alpha >= 1) {
    floor += 1;
    alpha = 0;
  }
  if (alpha < 0) alpha = 0;
  return { floor, alpha };
}

/**
 * Survival function of the one-sided Kolmogorov–Smirnov statistic D⁺ₙ, P(D⁺ₙ ≥ d) (scipy.stats.ksone.sf,
 * scipy.special.smirnov): the Birnbaum–Tingey sum, with scipy's special cases and its approximation
 * e^(−(6nd+1)²/(18n)) for n > 1,000,000.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const { floor: nxfl, alpha } = modNX(n, x);
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = Math.exp((n - 1) * Math.log1p(x));
    return clip(1 - x * t);
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) return clip(Math.exp(n * Math.log1p(-x)));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return clip(logp < -Math.LN2 ? Math.exp(logp) : 1 - -Math.expm1(logp));
  }
  const nUpperTerms = n - n1mxceil + 1;
  const useUpperSum =
    (nUpperTerms <= 1 && x < 0.5) ||
    (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));
  // A_v = C(n, v) (1 − x − v/n)^(n−v) (x + v/n)^(v−1); sf = x Σ_{v ≤ n(1−x)} A_v, or 1 − x Σ_{v > n(1−x)} A_v.
  const start = useUpperSum ? n : 0;
  const step = useUpperSum ? -1 : 1;
  const nTerms = useUpperSum ? n - n1mxceil + 1 : n1mxfl + 1;
  // C(n, v) = binomialMantissa · 2^binomialExponent (symmetric in v, so the upper sum reuses it).
  let binomialMantissa = 1;
  let binomialExponent = 0;
  let sum = 0;
  const vmid = Math.floor(n / 2);
  for (let j = 0; j < nTerms; j++) {
    const v = start + j * step;
    let term: number;
    if (j === 0) {
      term = useUpperSum ? Math.exp((n - 1) * Math.log1p(x)) : Math.exp(n * Math.log1p(-x)) / x;
    } else {
      const t2x = (n - v) / n - x;
      const t1x = v / n + x;
      const logBinomial = Math.log(binomialMantissa) + binomialExponent * Math.LN2;
      // In the upper sum 1 − x − v/n < 0: the power alternates in sign with n − v.
      const logPower = n - v === 0 ? 0 : (n - v) * Math.log(Math.abs(t2x));
      const sign = t2x < 0 && (n - v) % 2 === 1 ? -1 : 1;
      term = sign * Math.exp(logBinomial + logPower + (v - 1) * Math.log(t1x));
    }
    if (Number.isFinite(term) && term !== 0) sum += term;
    if (term !== 0) {
      if (4 * (nTerms - j) * Math.abs(term) < EPSILON * sum && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    binomialMantissa *= (n - j) / (j + 1);
    if (binomialMantissa > SCALE) {
      binomialMantissa /= SCALE;
      binomialExponent += SCALE_EXPONENT;
    } else if (binomialMantissa < 1 / SCALE) {
      binomialMantissa *= SCALE;
      binomialExponent -= SCALE_EXPONENT;
    }
  }
  const prob = x * sum;
  return clip(useUpperSum ? 1 - prob : prob);
}
