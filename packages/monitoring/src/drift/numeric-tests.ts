import { GridHistogram } from '../profile/grid-histogram.ts';
import { KllSketch } from '../profile/kll.ts';
import type { NumericColumnProfile } from '../profile/schema.ts';
import {
  jensenShannon,
  jensenShannonFromShares,
  kolmogorovSmirnovSf,
  ks2sampSorted,
  psi,
  psiFromBins,
  wassersteinNormedSorted,
} from '../stats/index.ts';
import { countTest, type TestOutcome } from './count-tests.ts';
import { valueCounts } from './samples.ts';
import type { DriftTestName } from './types.ts';
import { expandWeighted, type WeightedSorted, weightedDistances } from './weighted.ts';

/** Largest profile KS reference expanded into a sample for scipy's exact/auto p-value. */
const EXPAND_LIMIT = 1_000_000;

/** A test between two sorted numeric samples. */
export function numericTableTest(
  test: DriftTestName,
  reference: Float64Array,
  current: Float64Array,
): TestOutcome {
  switch (test) {
    case 'ks': {
      const result = ks2sampSorted(reference, current);
      return { statistic: result.statistic, pValue: result.pValue, score: result.pValue };
    }
    case 'wasserstein': {
      const { statistic } = wassersteinNormedSorted(reference, current);
      return { statistic, pValue: null, score: statistic };
    }
    case 'psi': {
      const { statistic } = psi(reference, current);
      return { statistic, pValue: null, score: statistic };
    }
    case 'jensenshannon': {
      const { statistic } = jensenShannon(reference, current, { kind: 'numeric' });
      return { statistic, pValue: null, score: statistic };
    }
    default:
      return countTest(test, valueCounts(reference), valueCounts(current));
  }
}

/**
 * Reference decile groups of a profile's grid bins (whole bins, so exact), with an underflow and an overflow bin
 * for current values outside the reference range. Returns reference and current shares per group.
 */
export function storedBinShares(
  histogram: GridHistogram,
  current: Float64Array,
  groups = 10,
): [number[], number[]] {
  const { edges, counts } = histogram.bins();
  const total = counts.reduce((sum, count) => sum + count, 0);
  const cuts: number[] = [edges[0]!];
  const referenceCounts: number[] = [];
  let running = 0;
  let group = 0;
  counts.forEach((count, index) => {
    running += count;
    group += count;
    const last = index === counts.length - 1;
    if (last || running >= (total * (referenceCounts.length + 1)) / groups) {
      cuts.push(edges[index + 1]!);
      referenceCounts.push(group);
      group = 0;
    }
  });
  const currentCounts = new Array<number>(referenceCounts.length + 2).fill(0);
  let at = 0;
  for (let index = 0; index < current.length; index++) {
    const value = current[index]!;
    if (value < cuts[0]!) currentCounts[0]!++;
    else if (value >= cuts[cuts.length - 1]!) currentCounts[currentCounts.length - 1]!++;
    else {
      while (value >= cuts[at + 1]!) at++;
      currentCounts[at + 1]!++;
    }
  }
  const referenceAll = [0, ...referenceCounts, 0];
  return [referenceAll.map((count) => count / total), currentCounts.map((count) => count / current.length)];
}

const views = new WeakMap<NumericColumnProfile['sketch'], WeightedSorted>();

/** The sketch's sorted weighted items, cached per profile column (monitors test many windows against one). */
function weightedView(profile: NumericColumnProfile): WeightedSorted {
  let view = views.get(profile.sketch);
  if (!view) {
    const sketch = KllSketch.fromJSON(profile.sketch)!;
    const sorted = sketch.sortedView();
    view = { values: sorted.values, weights: sorted.weights, total: sketch.n };
    views.set(profile.sketch, view);
  }
  return view;
}

/** A test of a sorted current sample against a numeric profile column. */
export function numericProfileTest(
  test: DriftTestName,
  profile: NumericColumnProfile,
  current: Float64Array,
): TestOutcome | { error: string } {
  const perValue = profile.distinct !== null && profile.distinct.values.length <= 20;
  if (test === 'ks' || test === 'wasserstein') {
    const weighted = weightedView(profile);
    if (test === 'ks' && weighted.total <= EXPAND_LIMIT) {
      const result = ks2sampSorted(expandWeighted(weighted), current);
      return { statistic: result.statistic, pValue: result.pValue, score: result.pValue };
    }
    const distances = weightedDistances(weighted, current);
    if (test === 'ks') {
      const n = Math.round((weighted.total * current.length) / (weighted.total + current.length));
      const pValue = kolmogorovSmirnovSf(n, distances.ks);
      return { statistic: distances.ks, pValue, score: pValue };
    }
    const statistic = distances.wasserstein / Math.max(profile.std ?? 0, 0.001);
    return { statistic, pValue: null, score: statistic };
  }
  if (profile.distinct !== null && (perValue || test === 'chisquare' || test === 'z')) {
    const reference = new Map<string, number>();
    profile.distinct.values.forEach((value, index) => {
      reference.set(String(value), profile.distinct!.counts[index]!);
    });
    return countTest(test, reference, valueCounts(current));
  }
  if (test === 'chisquare' || test === 'z') {
    return {
      error: `test "${test}" needs a column with at most 21 distinct values, and the reference profile has more; use ks, wasserstein, psi or jensenshannon`,
    };
  }
  const [referenceShares, currentShares] = storedBinShares(
    GridHistogram.fromJSON(profile.histogram),
    current,
  );
  const statistic =
    test === 'psi'
      ? psiFromBins(referenceShares, currentShares)
      : jensenShannonFromShares(referenceShares, currentShares);
  return { statistic, pValue: null, score: statistic };
}
