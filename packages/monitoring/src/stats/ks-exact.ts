// Exact null distribution of the two-sample Kolmogorov–Smirnov statistic: transcriptions of scipy's
// `_compute_prob_outside_square`, `_compute_outer_prob_inside_method` (Viehmann 2021 recursion for 1 − p),
// `_count_paths_outside_method` (Hodges 1958) and `_attempt_exact_2kssamp` from `scipy/stats/_stats_py.py`.

/** Round half to even, as numpy's `np.round`. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Binomial coefficient C(n, k) for integers, by the rescaled product formula (scipy.special.binom's method). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kx = k > n / 2 ? n - k : k;
  let numerator = 1;
  let denominator = 1;
  for (let i = 1; i <= kx; i++) {
    numerator *= i + n - kx;
    denominator *= i;
    if (Math.abs(numerator) > 1e50) {
      numerator /= denominator;
      denominator = 1;
    }
  }
  return numerator / denominator;
}

/** Pr(D_{n,n} ≥ h/n): proportion of paths that leave the band |x − y| < h (n1 = n2 = n). */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

/** Proportion of lattice paths from (0,0) to (m,n) that do not stay strictly inside |x/m − y/n| < h/lcm. */
export function outerProbInside(mIn: number, nIn: number, g: number, h: number): number {
  const m = Math.max(mIn, nIn);
  const n = Math.min(mIn, nIn);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}

/** Number of lattice paths from (0,0) to (m,n) that reach m·y ≤ n·x − h·g (one-sided exact count). */
export function countPathsOutside(mIn: number, nIn: number, g: number, h: number): number {
  const m = Math.max(mIn, nIn);
  const n = Math.min(mIn, nIn);
  const mg = m / g;
  const ng = n / g;
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj <= 0) return binomial(m + n, n);
  const xj = new Float64Array(lxj);
  for (let j = 0; j < lxj; j++) xj[j] = Math.floor((h + mg * j + ng - 1) / ng);
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binomial(xj[j]! + j, j);
    for (let i = 0; i < j; i++) Bj -= binomial(xj[j]! - xj[i]! + j - i, j - i) * B[i]!;
    B[j] = Bj;
  }
  let numPaths = 0;
  for (let j = 0; j < lxj; j++) numPaths += B[j]! * binomial(m - xj[j]! + (n - j), n - j);
  return numPaths;
}

/** Result of an exact attempt: the statistic snapped to the lattice, and the p-value or failure. */
export interface ExactAttempt {
  success: boolean;
  statistic: number;
  pValue: number;
}

/** scipy's `_attempt_exact_2kssamp`: exact p-value, or `success: false` when scipy would fall back to asymp. */
export function attemptExact2Sample(
  n1: number,
  n2: number,
  g: number,
  d: number,
  alternative: 'two-sided' | 'less' | 'greater',
): ExactAttempt {
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { success: true, statistic, pValue: 1 };
  let prob: number;
  if (alternative === 'two-sided') {
    prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  } else if (n1 === n2) {
    prob = 1;
    for (let j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1);
  } else {
    const total = binomial(n1 + n2, n1);
    if (!Number.isFinite(total)) return { success: false, statistic, pValue: Number.NaN };
    const paths = countPathsOutside(n1, n2, g, h);
    if (!Number.isFinite(paths) || paths > total) return { success: false, statistic, pValue: Number.NaN };
    prob = paths / total;
  }
  if (!(prob >= 0 && prob <= 1)) return { success: false, statistic, pValue: prob };
  return { success: true, statistic, pValue: prob };
}
