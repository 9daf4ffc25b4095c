import { monitoringValidationError } from '../profile/errors.ts';
import type { DriftOptions, DriftTestName } from './types.ts';

const TEST_KEYS = new Set(['numeric', 'categorical', 'columns']);
const TEST_NAMES = new Set<string>(['ks', 'wasserstein', 'psi', 'jensenshannon', 'chisquare', 'z']);

/**
 * Checks the keys of `tests` and `thresholds` against the columns being tested, so a misspelt column or test
 * name is an error instead of an override silently ignored. Besides `numeric` / `categorical` / `columns`
 * (tests) and test names / `columns` (thresholds), a key may be a column name: the shorthand of `columns`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the unknown key and what is accepted.
 */
export function checkOverrideKeys(names: readonly string[], options: DriftOptions): void {
  const known = new Set(names);
  const check = (where: string, keys: Iterable<string>, allowed: Set<string>, what: string) => {
    for (const key of keys) {
      if (allowed.has(key) || known.has(key)) continue;
      throw monitoringValidationError(
        `${where} has an unknown key "${key}": use ${what} or a tested column (${names.map((n) => `"${n}"`).join(', ')})`,
        { key },
      );
    }
  };
  const tests = options.tests ?? {};
  check('tests', Object.keys(tests), TEST_KEYS, 'numeric, categorical, columns');
  check('tests.columns', Object.keys(tests.columns ?? {}), new Set(), 'a column name');
  const thresholds = options.thresholds ?? {};
  check('thresholds', Object.keys(thresholds), new Set([...TEST_NAMES, 'columns']), 'a test name, columns');
  check('thresholds.columns', Object.keys(thresholds.columns ?? {}), new Set(), 'a column name');
}

/** The test given for one column: `tests.columns[name]`, else the shorthand `tests[name]`. */
export function columnTest(options: DriftOptions, column: string): DriftTestName | undefined {
  const tests = options.tests;
  if (!tests) return undefined;
  const shorthand = TEST_KEYS.has(column) ? undefined : tests[column];
  return tests.columns?.[column] ?? (typeof shorthand === 'string' ? shorthand : undefined);
}

/** The threshold given for one column: `thresholds.columns[name]`, else the shorthand `thresholds[name]`. */
export function columnThreshold(options: DriftOptions, column: string): number | undefined {
  const thresholds = options.thresholds;
  if (!thresholds) return undefined;
  const shorthand = TEST_NAMES.has(column) || column === 'columns' ? undefined : thresholds[column];
  return thresholds.columns?.[column] ?? (typeof shorthand === 'number' ? shorthand : undefined);
}
