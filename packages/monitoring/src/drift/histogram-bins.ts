import { GridHistogram } from '../profile/grid-histogram.ts';
import type { DriftHistogram } from './types.ts';

const REPORT_BINS = 20;
const REPORT_CATEGORIES = 12;

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total === 0 ? 0 : count / total));
}

/** A grid histogram of a sorted sample. */
export function gridOf(sorted: Float64Array, maxBins = REPORT_BINS): GridHistogram {
  const histogram = new GridHistogram(maxBins);
  for (let index = 0; index < sorted.length; index++) histogram.add(sorted[index]!);
  return histogram;
}

/** Side-by-side numeric histogram on one power-of-two grid covering both samples (≤ 20 bins). */
export function numericHistogram(reference: GridHistogram, current: GridHistogram): DriftHistogram {
  const combined = new GridHistogram(REPORT_BINS);
  combined.merge(reference);
  combined.merge(current);
  const { exponent, low, high } = combined;
  const width = 2 ** exponent;
  const edges: number[] = [];
  for (let index = low; index <= high + 1; index++) edges.push(index * width);
  return {
    kind: 'numeric',
    edges,
    reference: shares(reference.countsOver(exponent, low, high)),
    current: shares(current.countsOver(exponent, low, high)),
  };
}

/** Side-by-side category shares: the most frequent categories of both samples, the rest as "(other)". */
export function categoricalHistogram(
  reference: Map<string, number>,
  current: Map<string, number>,
  referenceOther = 0,
): DriftHistogram {
  const referenceTotal = [...reference.values()].reduce((sum, count) => sum + count, referenceOther);
  const currentTotal = [...current.values()].reduce((sum, count) => sum + count, 0);
  const weight = new Map<string, number>();
  for (const [key, count] of reference) weight.set(key, count / Math.max(referenceTotal, 1));
  for (const [key, count] of current)
    weight.set(key, (weight.get(key) ?? 0) + count / Math.max(currentTotal, 1));
  const keys = [...weight].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => key);
  const shown = keys.slice(0, REPORT_CATEGORIES);
  const share = (counts: Map<string, number>, total: number, key: string) =>
    total === 0 ? 0 : (counts.get(key) ?? 0) / total;
  const referenceShares = shown.map((key) => share(reference, referenceTotal, key));
  const currentShares = shown.map((key) => share(current, currentTotal, key));
  const referenceRest = 1 - referenceShares.reduce((sum, value) => sum + value, 0);
  const currentRest = 1 - currentShares.reduce((sum, value) => sum + value, 0);
  if (keys.length > shown.length || referenceOther > 0) {
    shown.push('(other)');
    referenceShares.push(Math.max(0, referenceRest));
    currentShares.push(Math.max(0, currentRest));
  }
  return { kind: 'categorical', categories: shown, reference: referenceShares, current: currentShares };
}
