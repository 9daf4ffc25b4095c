// Evidently's `get_binned_data`: shares of reference and current per bin (numeric) or per value.
import { checkOptions, describe, invalid } from '../errors.ts';
import { countCategories } from './categories.ts';
import { assertFinite, assertNonEmpty, type Categorical, type Numeric } from './validate.ts';

/** How a sample is binned. */
export interface BinningOptions {
  /** Force numeric or categorical treatment. Default: numeric when every value is a number. */
  kind?: 'numeric' | 'categorical';
  /**
   * `evidently`: Sturges equal-width bins over both samples when the reference has more than 20 distinct
   * values, else one bin per value. `quantile`: bins between reference quantiles. @default 'evidently'
   */
  binning?: 'evidently' | 'quantile';
  /** Number of bins: equal-width bins instead of Sturges' count, or quantile bins (default 10, deciles). */
  bins?: number;
}

/** One bin of a binned comparison. */
export interface Bin {
  /** Readable name: the category, or `[lower, upper)` (the last equal-width bin is closed). */
  label: string;
  /** Lower edge (numeric bins). */
  lower?: number;
  /** Upper edge (numeric bins). */
  upper?: number;
  /** The value or category (one-bin-per-value binning). */
  category?: string;
  /** Share of the reference in this bin (before zero replacement). */
  referenceShare: number;
  /** Share of the current sample in this bin (before zero replacement). */
  currentShare: number;
}

const DISTINCT_LIMIT = 20;
/** Most bins a binned statistic accepts (bins cost memory and time). */
const MAX_BINS = 100_000;

/** True when the sample should be treated as numeric (typed array, or every value a number). */
export function isNumeric(values: Numeric | Categorical): boolean {
  if (ArrayBuffer.isView(values)) return true;
  for (let index = 0; index < values.length; index++) if (typeof values[index] !== 'number') return false;
  return true;
}

/** Reference and current shares per bin, by Evidently's rules (see {@link BinningOptions}). */
export function binData(
  reference: Numeric | Categorical,
  current: Numeric | Categorical,
  input: BinningOptions = {},
  subject = 'binning options',
): Bin[] {
  const options = checkOptions(input, ['kind', 'binning', 'bins'], subject);
  assertNonEmpty(reference, 'reference');
  assertNonEmpty(current, 'current');
  if (options.kind !== undefined && options.kind !== 'numeric' && options.kind !== 'categorical') {
    throw invalid(`kind must be 'numeric' or 'categorical', got ${describe(options.kind)}`, {
      argument: 'kind',
    });
  }
  const kind = options.kind ?? (isNumeric(reference) && isNumeric(current) ? 'numeric' : 'categorical');
  if (
    options.bins !== undefined &&
    !(Number.isInteger(options.bins) && options.bins >= 1 && options.bins <= MAX_BINS)
  ) {
    throw invalid(`bins must be a whole number from 1 to ${MAX_BINS}, got ${describe(options.bins)}`, {
      argument: 'bins',
    });
  }
  if (kind === 'categorical') return categoricalBins(reference as Categorical, current as Categorical);
  const ref = reference as Numeric;
  const cur = current as Numeric;
  assertFinite(ref, 'reference');
  assertFinite(cur, 'current');
  if (options.binning !== undefined && options.binning !== 'evidently' && options.binning !== 'quantile') {
    throw invalid(`unknown binning ${describe(options.binning)}; use 'evidently' or 'quantile'`);
  }
  if (options.binning !== 'quantile' && hasMoreDistinctThan(ref, DISTINCT_LIMIT)) {
    return equalWidthBins(ref, cur, options.bins);
  }
  if (options.binning === 'quantile') return quantileBins(ref, cur, options.bins ?? 10);
  return categoricalBins(ref, cur);
}

function hasMoreDistinctThan(values: Numeric, limit: number): boolean {
  const seen = new Set<number>();
  for (let index = 0; index < values.length; index++) {
    seen.add(values[index]! === 0 ? 0 : values[index]!);
    if (seen.size > limit) return true;
  }
  return false;
}

function categoricalBins(reference: Categorical, current: Categorical): Bin[] {
  const referenceCounts = countCategories(reference, 'reference');
  const currentCounts = countCategories(current, 'current');
  const referenceTotal = [...referenceCounts.values()].reduce((a, b) => a + b, 0);
  const currentTotal = [...currentCounts.values()].reduce((a, b) => a + b, 0);
  const keys = [...referenceCounts.keys()];
  for (const key of currentCounts.keys()) if (!referenceCounts.has(key)) keys.push(key);
  return keys.map((key) => ({
    label: key,
    category: key,
    referenceShare: (referenceCounts.get(key) ?? 0) / referenceTotal,
    currentShare: (currentCounts.get(key) ?? 0) / currentTotal,
  }));
}

/** numpy.histogram_bin_edges(concat(reference, current), 'sturges'), or `bins` equal-width bins. */
export function sturgesEdges(reference: Numeric, current: Numeric, bins?: number): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const [values, name] of [
    [reference, 'reference'],
    [current, 'current'],
  ] as const) {
    let sawNaN = false;
    for (let index = 0; index < values.length; index++) {
      const value = values[index]!;
      if (value < min) min = value;
      if (value > max) max = value;
      if (Number.isNaN(value)) sawNaN = true;
    }
    // NaN never wins a comparison and ±Infinity ends up in min/max: check both, name the first culprit.
    if (sawNaN || values.length === 0 || min - min !== 0 || max - max !== 0) assertFinite(values, name);
  }
  const ptp = max - min;
  if (ptp === Number.POSITIVE_INFINITY) {
    throw invalid(`the values span ${min} to ${max}, a range wider than float64 can hold; rescale them`, {
      argument: 'reference',
    });
  }
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let count = bins ?? 1;
  if (bins === undefined) {
    const width = ptp / (Math.log2(reference.length + current.length) + 1);
    count = width ? Math.ceil((last - first) / width) : 1;
  }
  // numpy.linspace(first, last, count + 1): i·step + first, last edge exactly `last`.
  const edges = new Float64Array(count + 1);
  const step = (last - first) / count;
  for (let index = 0; index <= count; index++) edges[index] = index * step + first;
  edges[count] = last;
  return edges;
}

/** Counts per bin with numpy.histogram semantics: [e_i, e_{i+1}), the last bin closed; values outside dropped. */
export function histogramCounts(values: Numeric, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const first = edges[0]!;
  const last = edges[bins]!;
  const scale = bins / (last - first);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (!(value >= first && value <= last)) continue;
    let bin = ((value - first) * scale) | 0;
    if (bin >= bins) bin = bins - 1;
    while (bin > 0 && value < edges[bin]!) bin--;
    while (bin < bins - 1 && value >= edges[bin + 1]!) bin++;
    counts[bin]!++;
  }
  return counts;
}

function equalWidthBins(reference: Numeric, current: Numeric, bins?: number): Bin[] {
  const edges = sturgesEdges(reference, current, bins);
  const referenceCounts = histogramCounts(reference, edges);
  const currentCounts = histogramCounts(current, edges);
  const result: Bin[] = [];
  for (let index = 0; index < referenceCounts.length; index++) {
    const lower = edges[index]!;
    const upper = edges[index + 1]!;
    const closing = index === referenceCounts.length - 1 ? ']' : ')';
    result.push({
      label: `[${lower}, ${upper}${closing}`,
      lower,
      upper,
      referenceShare: referenceCounts[index]! / reference.length,
      currentShare: currentCounts[index]! / current.length,
    });
  }
  return result;
}

/** numpy.quantile(sorted, q) with the default 'linear' method. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = n * q + (1 + q * -1) - 1;
  const previous = Math.min(Math.max(Math.floor(virtual), 0), n - 1);
  const next = Math.min(previous + 1, n - 1);
  const gamma = virtual - Math.floor(virtual);
  const a = sorted[previous]!;
  const b = sorted[next]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

function quantileBins(reference: Numeric, current: Numeric, bins: number): Bin[] {
  const sorted = Float64Array.from(reference as ArrayLike<number>).sort();
  const inner: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = quantileSorted(sorted, k / bins);
    if (inner.length === 0 || edge > inner[inner.length - 1]!) inner.push(edge);
  }
  const edges = [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY];
  const count = (values: Numeric): Float64Array => {
    const counts = new Float64Array(edges.length - 1);
    for (let index = 0; index < values.length; index++) {
      const value = values[index]!;
      let lo = 0;
      let hi = inner.length; // number of inner edges ≤ value = bin index
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (inner[mid]! <= value) lo = mid + 1;
        else hi = mid;
      }
      counts[lo]!++;
    }
    return counts;
  };
  const referenceCounts = count(reference);
  const currentCounts = count(current);
  return Array.from(referenceCounts, (referenceCount, index) => ({
    label: `[${edges[index]}, ${edges[index + 1]})`,
    lower: edges[index]!,
    upper: edges[index + 1]!,
    referenceShare: referenceCount / reference.length,
    currentShare: currentCounts[index]! / current.length,
  }));
}
