import { chiSquareFromCounts, jensenShannonFromShares, psiFromBins, zTest } from '../stats/index.ts';
import type { DriftTestName } from './types.ts';

/** What a test produced for one column. */
export interface TestOutcome {
  statistic: number;
  pValue: number | null;
  /** Evidently's drift score: the p-value, or the distance. */
  score: number;
}

function expand(counts: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [key, count] of counts) for (let index = 0; index < count; index++) out.push(key);
  return out;
}

/** Shares over the union of keys, reference keys first (as Evidently's `get_binned_data`). */
export function unionShares(
  reference: Map<string, number>,
  current: Map<string, number>,
): [number[], number[]] {
  const keys = [...reference.keys()];
  for (const key of current.keys()) if (!reference.has(key)) keys.push(key);
  const referenceTotal = [...reference.values()].reduce((sum, count) => sum + count, 0);
  const currentTotal = [...current.values()].reduce((sum, count) => sum + count, 0);
  return [
    keys.map((key) => (reference.get(key) ?? 0) / referenceTotal),
    keys.map((key) => (current.get(key) ?? 0) / currentTotal),
  ];
}

/** chi-square, Z, Jensen–Shannon or PSI on category (or value) counts. */
export function countTest(
  test: DriftTestName,
  reference: Map<string, number>,
  current: Map<string, number>,
): TestOutcome {
  if (test === 'chisquare') {
    const result = chiSquareFromCounts(reference, current);
    return { statistic: result.statistic, pValue: result.pValue, score: result.pValue };
  }
  if (test === 'z') {
    const result = zTest(expand(reference), expand(current));
    return { statistic: result.statistic, pValue: result.pValue, score: result.pValue };
  }
  const [referenceShares, currentShares] = unionShares(reference, current);
  const statistic =
    test === 'psi'
      ? psiFromBins(referenceShares, currentShares)
      : jensenShannonFromShares(referenceShares, currentShares);
  return { statistic, pValue: null, score: statistic };
}

/** Folds the current categories a top-k profile does not list into its "(other)" bucket. */
export function foldIntoOther(
  reference: Map<string, number>,
  other: number,
  current: Map<string, number>,
): [Map<string, number>, Map<string, number>] {
  if (other === 0) return [reference, current];
  const key = '(other)';
  const referenceFolded = new Map(reference);
  referenceFolded.set(key, (referenceFolded.get(key) ?? 0) + other);
  const currentFolded = new Map<string, number>();
  for (const [category, count] of current) {
    const target = reference.has(category) ? category : key;
    currentFolded.set(target, (currentFolded.get(target) ?? 0) + count);
  }
  return [referenceFolded, currentFolded];
}
