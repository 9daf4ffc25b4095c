// Kolmogorov–Smirnov tests with scipy.stats.ks_2samp / ks_1samp semantics.
import { checkOptions as checkKeys, describe, invalid } from '../errors.ts';

import { type EcdfExtremes, ecdfExtremes, ecdfExtremesUnsorted } from './ecdf-extremes.ts';
import { kolmogorovSmirnovSf } from './kolmogn.ts';
import { attemptExact2Sample, gcd, roundHalfEven } from './ks-exact.ts';
import { kstwobignSf, smirnovSf } from './smirnov.ts';
import { assertSorted, finiteFloat64, type Numeric, type StatResult, sortedCopy } from './validate.ts';

/** Alternative hypothesis of a KS test (scipy's names). */
export type KsAlternative = 'two-sided' | 'less' | 'greater';

/** Options of {@link ks2samp} and {@link ks1samp}. */
export interface KsOptions {
  /** Alternative hypothesis. @default 'two-sided' */
  alternative?: KsAlternative;
  /** `auto`: exact when max(n1, n2) ≤ 10,000 (two-sample) or always (one-sample); else as named. @default 'auto' */
  method?: 'auto' | 'exact' | 'asymp';
}

/** Result of {@link ks2samp}: D, its p-value, where D is reached and its sign (scipy's KstestResult). */
export interface Ks2SampResult extends StatResult {
  pValue: number;
  /** `exact` or `asymp` (after scipy's fallback from exact, when it applies). */
  method: 'exact' | 'asymp';
  /** The observation at which the ECDF difference is extreme. */
  statisticLocation: number;
  /** +1 when reference ECDF − current ECDF is largest there, −1 when it is most negative. */
  statisticSign: 1 | -1;
}

/** Result of {@link ks1samp}. */
export interface Ks1SampResult extends StatResult {
  pValue: number;
  method: 'exact' | 'asymp';
  statisticLocation: number;
  statisticSign: 1 | -1;
}

const MAX_AUTO_N = 10_000;
const INT32_MAX = 2 ** 31 - 1;

function checkOptions(
  input: KsOptions | undefined,
  subject = 'KS options',
): {
  alternative: KsAlternative;
  method: 'auto' | 'exact' | 'asymp';
} {
  const options = checkKeys(input, ['alternative', 'method'], subject);
  const alternative = options.alternative ?? 'two-sided';
  const method = options.method ?? 'auto';
  if (alternative !== 'two-sided' && alternative !== 'less' && alternative !== 'greater') {
    throw invalid(`unknown KS alternative ${describe(alternative)}; use 'two-sided', 'less' or 'greater'`);
  }
  if (method !== 'auto' && method !== 'exact' && method !== 'asymp') {
    throw invalid(`unknown KS method ${describe(method)}; use 'auto', 'exact' or 'asymp'`);
  }
  return { alternative, method };
}

/**
 * Two-sample Kolmogorov–Smirnov test, exactly as scipy.stats.ks_2samp.
 *
 * Sorts neither input: both are counted into shared value buckets, and only the few buckets where the ECDF
 * difference can reach its extreme are sorted and merged (exactly the full merge's result; see
 * `ecdfExtremesUnsorted`). Inputs that are not Float64Arrays are copied into one first.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on empty input, NaN or ±Infinity, or an unknown option.
 * @example
 * ```ts
 * const result = ks2samp(referenceColumn, currentColumn);
 * if (result.pValue < 0.05) console.log(`drift: D = ${result.statistic}`);
 * ```
 */
export function ks2samp(reference: Numeric, current: Numeric, options: KsOptions = {}): Ks2SampResult {
  checkOptions(options, 'ks2samp options');
  const data1 = finiteFloat64(reference, 'reference');
  const data2 = finiteFloat64(current, 'current');
  return ks2sampResult(data1.length, data2.length, ecdfExtremesUnsorted(data1, data2), options);
}

/**
 * {@link ks2samp} on inputs already sorted ascending (no copy, no sort; one linear check and one merge).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when an input is empty, unsorted or not finite.
 */
export function ks2sampSorted(
  reference: Float64Array,
  current: Float64Array,
  options: KsOptions = {},
): Ks2SampResult {
  checkOptions(options, 'ks2sampSorted options');
  assertSorted(reference, 'reference');
  assertSorted(current, 'current');
  return ks2sampResult(reference.length, current.length, ecdfExtremes(reference, current), options);
}

function ks2sampResult(n1: number, n2: number, extremes: EcdfExtremes, options: KsOptions): Ks2SampResult {
  const { alternative, method: requested } = checkOptions(options);
  const maxS = extremes.max;
  const locMax = extremes.maxAt;
  const locMin = extremes.minAt;
  const minS = Math.min(Math.max(-extremes.min, 0), 1);
  let d: number;
  let location: number;
  let sign: 1 | -1;
  if (alternative === 'less' || (alternative === 'two-sided' && minS > maxS)) {
    d = minS;
    location = locMin;
    sign = -1;
  } else {
    d = maxS;
    location = locMax;
    sign = 1;
  }
  const g = gcd(n1, n2);
  let method: 'exact' | 'asymp' =
    requested === 'auto' ? (Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp') : requested;
  if (requested === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) method = 'asymp';
  let prob = Number.NEGATIVE_INFINITY;
  if (method === 'exact') {
    const attempt = attemptExact2Sample(n1, n2, g, d, alternative);
    d = attempt.statistic;
    if (attempt.success) prob = attempt.pValue;
    else method = 'asymp';
  }
  if (method === 'asymp') {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    if (alternative === 'two-sided') {
      prob = kolmogorovSmirnovSf(roundHalfEven(en), d);
    } else {
      const z = Math.sqrt(en) * d;
      const exponent = -2 * z ** 2 - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3;
      prob = Math.exp(exponent);
    }
  }
  return {
    statistic: d,
    pValue: Math.min(Math.max(prob, 0), 1),
    method,
    statisticLocation: location,
    statisticSign: sign,
  };
}

/**
 * One-sample Kolmogorov–Smirnov test of a sample against a continuous CDF, exactly as scipy.stats.ks_1samp.
 *
 * Two-sided: `exact` (default, also for `auto`) uses kstwo.sf(D, n), `asymp` kstwobign.sf(D·√n). One-sided
 * uses ksone.sf(D, n) whatever the method.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on empty input, NaN or ±Infinity, or an unknown option.
 * @example
 * ```ts
 * ks1samp(sample, normalCdf); // against the standard normal
 * ```
 */
export function ks1samp(sample: Numeric, cdf: (x: number) => number, options: KsOptions = {}): Ks1SampResult {
  checkOptions(options, 'ks1samp options');
  checkCdf(cdf);
  return ks1sampSortedUnchecked(sortedCopy(sample, 'sample'), cdf, options);
}

/**
 * {@link ks1samp} on a sample already sorted ascending.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the sample is empty, unsorted or not finite.
 */
export function ks1sampSorted(
  sample: Float64Array,
  cdf: (x: number) => number,
  options: KsOptions = {},
): Ks1SampResult {
  checkOptions(options, 'ks1sampSorted options');
  checkCdf(cdf);
  assertSorted(sample, 'sample');
  return ks1sampSortedUnchecked(sample, cdf, options);
}

function ks1sampSortedUnchecked(
  x: Float64Array,
  cdf: (x: number) => number,
  options: KsOptions,
): Ks1SampResult {
  const { alternative, method } = checkOptions(options);
  const n = x.length;
  let dPlus = Number.NEGATIVE_INFINITY;
  let dPlusAt = Number.NaN;
  let dMinus = Number.NEGATIVE_INFINITY;
  let dMinusAt = Number.NaN;
  for (let index = 0; index < n; index++) {
    const value = cdf(x[index]!);
    if (typeof value !== 'number' || Number.isNaN(value))
      throw invalid(
        `cdf returned ${String(value)} at x = ${x[index]}; pass a CDF that returns a number everywhere`,
      );
    const plus = (index + 1) / n - value;
    const minus = value - index / n;
    if (plus > dPlus) {
      dPlus = plus;
      dPlusAt = x[index]!;
    }
    if (minus > dMinus) {
      dMinus = minus;
      dMinusAt = x[index]!;
    }
  }
  if (alternative === 'greater') {
    return {
      statistic: dPlus,
      pValue: smirnovOneSided(n, dPlus),
      method: 'exact',
      statisticLocation: dPlusAt,
      statisticSign: 1,
    };
  }
  if (alternative === 'less') {
    return {
      statistic: dMinus,
      pValue: smirnovOneSided(n, dMinus),
      method: 'exact',
      statisticLocation: dMinusAt,
      statisticSign: -1,
    };
  }
  const plusWins = dPlus > dMinus;
  const d = plusWins ? dPlus : dMinus;
  const resolved = method === 'asymp' ? 'asymp' : 'exact';
  const prob = resolved === 'exact' ? kolmogorovSmirnovSf(n, d) : kstwobignSf(d * Math.sqrt(n));
  return {
    statistic: d,
    pValue: Math.min(Math.max(prob, 0), 1),
    method: resolved,
    statisticLocation: plusWins ? dPlusAt : dMinusAt,
    statisticSign: plusWins ? 1 : -1,
  };
}

function checkCdf(cdf: unknown): void {
  if (typeof cdf !== 'function') {
    throw invalid(
      `ks1samp cdf must be a function (x) => P(X ≤ x), got ${cdf === null ? 'null' : typeof cdf}`,
      {
        argument: 'cdf',
      },
    );
  }
}

/** ksone.sf with scipy's support handling (1 at or below 0, 0 at or above 1). */
function smirnovOneSided(n: number, d: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  return smirnovSf(n, d);
}
