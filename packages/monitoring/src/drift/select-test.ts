import { invalid } from '../errors.ts';
import type { ColumnKind } from '../profile/column-kind.ts';
import { columnTest, columnThreshold, kindTest, testThreshold } from './overrides.ts';
import type { DriftOptions, DriftTestName } from './types.ts';

/** Tests whose score is a p-value (drift when p < threshold); the others are distances (drift when ≥). */
export const P_VALUE_TESTS: ReadonlySet<DriftTestName> = new Set(['ks', 'chisquare', 'z']);

/** Default threshold per test (Evidently's `default_threshold`). */
export const DEFAULT_THRESHOLDS: Record<DriftTestName, number> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
};

const NUMERIC_ONLY: ReadonlySet<DriftTestName> = new Set(['ks', 'wasserstein']);
const ALL_TESTS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_THRESHOLDS));

/**
 * Evidently's default test (`_get_default_stattest`): with n the reference size and v the distinct values in
 * reference and current together — numeric: n ≤ 1000 → v ≤ 5 ? (v > 2 ? chi-square : Z) : KS; n > 1000 →
 * v ≤ 5 ? Jensen–Shannon : normed Wasserstein. Categorical: n ≤ 1000 → v > 2 ? chi-square : Z; else Jensen–Shannon.
 */
export function defaultTest(kind: ColumnKind, referenceSize: number, distinct: number): DriftTestName {
  if (referenceSize <= 1000) {
    if (kind === 'numeric' && distinct > 5) return 'ks';
    return distinct > 2 ? 'chisquare' : 'z';
  }
  if (kind === 'numeric' && distinct > 5) return 'wasserstein';
  return 'jensenshannon';
}

/**
 * The test and threshold for a column, after overrides.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for an unknown test, a numeric-only test on a categorical column, or
 * a threshold that is not a finite number.
 */
export function chooseTest(
  column: string,
  kind: ColumnKind,
  fallback: () => DriftTestName,
  options: DriftOptions,
): { test: DriftTestName; threshold: number } {
  const test = columnTest(options, column) ?? kindTest(options, kind) ?? fallback();
  if (!ALL_TESTS.has(test)) {
    throw invalid(
      `unknown drift test "${String(test)}" for column "${column}"; use one of ${[...ALL_TESTS].join(', ')}`,
      { column },
    );
  }
  if (kind === 'categorical' && NUMERIC_ONLY.has(test)) {
    throw invalid(
      `test "${test}" needs a numeric column but "${column}" is categorical; choose chisquare, z, jensenshannon or psi`,
      { column },
    );
  }
  const threshold =
    columnThreshold(options, column) ?? testThreshold(options, test) ?? DEFAULT_THRESHOLDS[test];
  if (!Number.isFinite(threshold)) {
    throw invalid(`threshold for column "${column}" is not a finite number; pass a number`, {
      column,
    });
  }
  return { test, threshold };
}

/** Whether a score crosses its threshold, and by how much (severity ≥ 1 means drifted). */
export function judge(
  test: DriftTestName,
  score: number,
  threshold: number,
): { drifted: boolean; severity: number } {
  if (P_VALUE_TESTS.has(test)) {
    const drifted = score < threshold;
    const severity = -Math.log(Math.max(score, 1e-300)) / -Math.log(threshold);
    return { drifted, severity: drifted ? Math.max(severity, 1) : Math.min(severity, 0.999) };
  }
  const drifted = score >= threshold;
  return { drifted, severity: threshold > 0 ? score / threshold : drifted ? 1 : 0 };
}
