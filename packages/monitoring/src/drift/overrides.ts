import { describe, invalid, isPlainObject, own } from '../errors.ts';
import type { DriftOptions, DriftTestName } from './types.ts';

const TEST_KEYS = new Set(['numeric', 'categorical', 'columns']);
const TEST_NAMES = new Set<string>(['ks', 'wasserstein', 'psi', 'jensenshannon', 'chisquare', 'z']);

type Overrides = Readonly<Record<string, unknown>>;

/**
 * Checks `tests` and `thresholds` against the columns being tested, so a misspelt column or test name is an
 * error instead of an override silently ignored, and every value has the right type. Besides `numeric` /
 * `categorical` / `columns` (tests) and test names / `columns` (thresholds), a key may be a column name: the
 * shorthand of `columns`. Only own keys count (`constructor` is a column name like any other).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the unknown key or bad value and what is accepted.
 */
export function checkOverrideKeys(names: readonly string[], options: DriftOptions): void {
  const known = new Set(names);
  const isTest = (value: unknown) => typeof value === 'string' && TEST_NAMES.has(value);
  const isThreshold = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  const testList = `a test (${[...TEST_NAMES].join(', ')})`;
  const columnList = () =>
    `${names
      .slice(0, 20)
      .map((n) => JSON.stringify(n))
      .join(', ')}${names.length > 20 ? ', …' : ''}`;
  const checkMap = (
    where: string,
    value: unknown,
    reserved: ReadonlySet<string>,
    what: string,
    valid: (value: unknown) => boolean,
    expected: string,
  ) => {
    if (value === undefined) return;
    if (!isPlainObject(value))
      throw invalid(`${where} must be an object, got ${describe(value)}`, { argument: where });
    for (const key of Object.keys(value)) {
      const entry = value[key];
      if (key === 'columns' && !where.endsWith('.columns') && isPlainObject(entry)) {
        checkMap(`${where}.columns`, entry, new Set(), 'a column name', valid, expected);
        continue;
      }
      if (!reserved.has(key) && !known.has(key)) {
        throw invalid(
          `${where} has an unknown key ${JSON.stringify(key)}: use ${what} or a tested column (${columnList()})`,
          {
            argument: where,
            key,
          },
        );
      }
      if (!valid(entry)) {
        throw invalid(`${where}.${key} must be ${expected}, got ${describe(entry)}`, {
          argument: where,
          key,
        });
      }
    }
  };
  checkMap('tests', options.tests, TEST_KEYS, 'numeric, categorical, columns', isTest, testList);
  checkMap(
    'thresholds',
    options.thresholds,
    new Set([...TEST_NAMES, 'columns']),
    'a test name, columns',
    isThreshold,
    'a finite number ≥ 0',
  );
}

/** A column's own entry in `map.columns`, else the shorthand `map[column]` unless the key is reserved. */
function columnEntry(map: Overrides | undefined, column: string, reserved: ReadonlySet<string>): unknown {
  if (!map) return undefined;
  const columns = own(map, 'columns');
  const fromColumns = isPlainObject(columns) ? own(columns, column) : undefined;
  if (fromColumns !== undefined) return fromColumns;
  if (column === 'columns') return isPlainObject(columns) ? undefined : columns;
  return reserved.has(column) ? undefined : own(map, column);
}

/** The test given for one column: `tests.columns[name]`, else the shorthand `tests[name]` (own keys only). */
export function columnTest(options: DriftOptions, column: string): DriftTestName | undefined {
  const chosen = columnEntry(options.tests as Overrides | undefined, column, TEST_KEYS);
  return typeof chosen === 'string' ? (chosen as DriftTestName) : undefined;
}

/** The threshold given for one column: `thresholds.columns[name]`, else the shorthand `thresholds[name]`. */
export function columnThreshold(options: DriftOptions, column: string): number | undefined {
  const chosen = columnEntry(options.thresholds as Overrides | undefined, column, TEST_NAMES);
  return typeof chosen === 'number' ? chosen : undefined;
}

/** The per-kind test (`tests.numeric` / `tests.categorical`), when given as a test name. */
export function kindTest(options: DriftOptions, kind: string): DriftTestName | undefined {
  const value = own(options.tests as Overrides | undefined, kind);
  return typeof value === 'string' ? (value as DriftTestName) : undefined;
}

/** The per-test threshold (`thresholds.ks`, …). */
export function testThreshold(options: DriftOptions, test: DriftTestName): number | undefined {
  const value = own(options.thresholds as Overrides | undefined, test);
  return typeof value === 'number' ? value : undefined;
}
