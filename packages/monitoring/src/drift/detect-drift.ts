import { checkOptions as checkKeys, checkNumber, describe, invalid } from '../errors.ts';
import { categoryKey } from '../profile/categorical-accumulator.ts';
import { type ColumnKind, inferKind } from '../profile/column-kind.ts';
import { GridHistogram } from '../profile/grid-histogram.ts';
import { checkNameList, checkProfile } from '../profile/profile.ts';
import { PROFILE_FORMAT, type Profile } from '../profile/schema.ts';
import { type Columns, type TableInput, toColumns } from '../profile/table.ts';
import { countTest, foldIntoOther } from './count-tests.ts';
import { categoricalHistogram, gridOf, numericHistogram } from './histogram-bins.ts';
import { numericProfileTest, numericTableTest } from './numeric-tests.ts';
import { checkOverrideKeys } from './overrides.ts';
import {
  type CategoricalSample,
  categoricalSample,
  distinctSorted,
  type NumericSample,
  numericSample,
  removedCounts,
} from './samples.ts';
import { chooseTest, defaultTest, judge } from './select-test.ts';
import type { ColumnDrift, DriftOptions, DriftResult, DriftResultData, DriftTestName } from './types.ts';

function isProfile(input: unknown): input is Profile {
  return typeof input === 'object' && input !== null && (input as Profile).format === PROFILE_FORMAT;
}

type ReferenceColumn =
  | { source: 'table'; sample: NumericSample | CategoricalSample }
  | { source: 'profile'; column: Profile['columns'][number] };

function failed(
  column: string,
  type: ColumnKind,
  base: Omit<
    ColumnDrift,
    | 'column'
    | 'type'
    | 'test'
    | 'score'
    | 'statistic'
    | 'pValue'
    | 'threshold'
    | 'drifted'
    | 'severity'
    | 'histogram'
  >,
  error: string,
): ColumnDrift {
  return {
    column,
    type,
    test: null,
    score: null,
    statistic: null,
    pValue: null,
    threshold: null,
    drifted: false,
    severity: 0,
    histogram: null,
    ...base,
    error,
  };
}

function describeMissing(side: string, removed: ColumnDrift['reference']): string {
  return `the ${side} has no usable values (${removed.rows} rows: ${removed.nulls} null, ${removed.nan} NaN, ${removed.positiveInfinity + removed.negativeInfinity} ±Infinity); fix the data or drop the column from the check`;
}

function testColumn(
  name: string,
  kind: ColumnKind,
  reference: ReferenceColumn,
  current: NumericSample | CategoricalSample,
  options: DriftOptions,
): ColumnDrift {
  const referenceRemoved =
    reference.source === 'table'
      ? reference.sample.removed
      : reference.column.kind === 'numeric'
        ? removedCounts(
            reference.column.count,
            reference.column.nulls,
            reference.column.nan,
            reference.column.positiveInfinity,
            reference.column.negativeInfinity,
          )
        : removedCounts(reference.column.count, reference.column.nulls, 0, 0, 0);
  const base = { reference: referenceRemoved, current: current.removed };
  const referenceSize =
    reference.source === 'table'
      ? reference.sample.kind === 'numeric'
        ? reference.sample.sorted.length
        : reference.sample.n
      : reference.column.kind === 'numeric'
        ? reference.column.n
        : reference.column.count - reference.column.nulls;
  const currentSize = current.kind === 'numeric' ? current.sorted.length : current.n;
  const empty = referenceSize === 0 ? 'reference' : currentSize === 0 ? 'current' : undefined;
  if (empty) {
    const message = describeMissing(empty, empty === 'reference' ? referenceRemoved : current.removed);
    if (options.emptyColumns !== 'report') {
      throw invalid(
        `column "${name}": ${message} (or pass emptyColumns: 'report' to get an error entry for it instead)`,
        { column: name, side: empty },
      );
    }
    return failed(name, kind, base, message);
  }

  let outcome: { statistic: number; pValue: number | null; score: number } | { error: string };
  let histogram: ColumnDrift['histogram'];
  let chosen: { test: DriftTestName; threshold: number };
  if (current.kind === 'numeric') {
    const sorted = current.sorted;
    if (reference.source === 'table') {
      const referenceSorted = (reference.sample as NumericSample).sorted;
      chosen = chooseTest(
        name,
        kind,
        () =>
          defaultTest(
            kind,
            referenceSize,
            distinctSorted(sorted, 5, distinctSorted(referenceSorted, 5)).size,
          ),
        options,
      );
      outcome = numericTableTest(chosen.test, referenceSorted, sorted);
      histogram = numericHistogram(gridOf(referenceSorted), gridOf(sorted));
    } else {
      const column = reference.column as Extract<Profile['columns'][number], { kind: 'numeric' }>;
      chosen = chooseTest(
        name,
        kind,
        () => {
          if (column.distinct === null) return defaultTest(kind, referenceSize, 6);
          return defaultTest(
            kind,
            referenceSize,
            distinctSorted(sorted, 5, new Set(column.distinct.values)).size,
          );
        },
        options,
      );
      outcome = numericProfileTest(chosen.test, column, sorted);
      histogram = numericHistogram(GridHistogram.fromJSON(column.histogram), gridOf(sorted));
    }
  } else {
    let referenceCounts: Map<string, number>;
    let other = 0;
    let distinctReference: number;
    if (reference.source === 'table') {
      referenceCounts = (reference.sample as CategoricalSample).counts;
      distinctReference = referenceCounts.size;
    } else {
      const column = reference.column as Extract<Profile['columns'][number], { kind: 'categorical' }>;
      referenceCounts = new Map(column.top);
      other = column.other;
      distinctReference = column.distinct;
    }
    let distinct = distinctReference;
    for (const key of current.counts.keys()) if (!referenceCounts.has(key)) distinct++;
    chosen = chooseTest(name, kind, () => defaultTest(kind, referenceSize, distinct), options);
    const [referenceFolded, currentFolded] = foldIntoOther(referenceCounts, other, current.counts);
    outcome = countTest(chosen.test, referenceFolded, currentFolded);
    histogram = categoricalHistogram(referenceCounts, current.counts, other);
  }
  if ('error' in outcome) return failed(name, kind, base, outcome.error);
  const { drifted, severity } = judge(chosen.test, outcome.score, chosen.threshold);
  return {
    column: name,
    type: kind,
    test: chosen.test,
    score: outcome.score,
    statistic: outcome.statistic,
    pValue: outcome.pValue,
    threshold: chosen.threshold,
    drifted,
    severity,
    ...base,
    histogram,
  };
}

/** Assembles a {@link DriftResult} from per-column results. */
export function summarize(
  columns: ColumnDrift[],
  options: DriftOptions,
  referenceRows: number,
  currentRows: number,
  referenceSource: 'table' | 'profile',
): DriftResult {
  const driftShareThreshold = options.driftShare ?? 0.5;
  const tested = columns.filter((column) => column.error === undefined);
  const driftedCount = tested.filter((column) => column.drifted).length;
  const driftedShare = tested.length === 0 ? 0 : driftedCount / tested.length;
  const sorted = [...columns].sort((a, b) => b.severity - a.severity || a.column.localeCompare(b.column));
  const data: DriftResultData = {
    columns: sorted,
    columnCount: tested.length,
    driftedCount,
    driftedShare,
    driftShareThreshold,
    datasetDrift: tested.length > 0 && driftedShare >= driftShareThreshold,
    referenceRows,
    currentRows,
    referenceSource,
  };
  return { ...data, toJSON: () => structuredClone(data) };
}

const DRIFT_OPTIONS = ['columns', 'categorical', 'tests', 'thresholds', 'driftShare', 'emptyColumns'];

/**
 * Checks detectDrift's options (and the monitors' share of them): known keys only, column lists, driftShare and
 * emptyColumns. `tests` and `thresholds` are checked against the tested columns by {@link checkOverrideKeys}.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the option.
 */
export function checkDriftOptions(options: DriftOptions, subject = 'detectDrift options'): void {
  checkKeys(options, DRIFT_OPTIONS, subject);
  checkNameList(options.columns, 'columns');
  checkNameList(options.categorical, 'categorical');
  if (options.driftShare !== undefined) {
    checkNumber(options.driftShare, 'driftShare', { min: 0, exclusiveMin: true, max: 1 });
  }
  if (
    options.emptyColumns !== undefined &&
    options.emptyColumns !== 'error' &&
    options.emptyColumns !== 'report'
  ) {
    throw invalid(`emptyColumns must be 'error' or 'report', got ${describe(options.emptyColumns)}`, {
      argument: 'emptyColumns',
    });
  }
}

/**
 * Tests each column of `current` against the reference (a table or a profile) for drift, picking the test per
 * column as Evidently does unless overridden, and returns per-column results and the dataset verdict (share of
 * drifted columns ≥ `driftShare`). NaN, ±Infinity and missing values are removed and counted per column; a column
 * with no usable value at all is bad input, unless `emptyColumns: 'report'` asks for an `error` entry instead.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for empty input, an all-NaN (or all-missing) column, a column missing
 * from current, a column that is numeric on one side and categorical on the other, a test that does not apply,
 * or bad options.
 * @example
 * ```ts
 * const result = detectDrift({ age: referenceAges }, { age: currentAges });
 * if (result.datasetDrift) console.log(result.columns.filter((column) => column.drifted));
 * ```
 */
export function detectDrift<C extends string>(
  reference: TableInput<C> | Profile,
  current: TableInput<C>,
  options: DriftOptions<NoInfer<C>> = {},
): DriftResult {
  checkDriftOptions(options as DriftOptions);
  const checkedReference = isProfile(reference) ? checkProfile(reference, 'reference profile') : reference;
  const currentTable = toColumns(current, 'current table');
  return detectDriftColumns(checkedReference, currentTable, options as DriftOptions);
}

/** {@link detectDrift} on an already normalised current table (used by the monitors). */
export function detectDriftColumns(
  reference: TableInput | Profile,
  currentTable: Columns,
  options: DriftOptions,
): DriftResult {
  const categorical = new Set(options.categorical ?? []);
  const results: ColumnDrift[] = [];
  if (isProfile(reference)) {
    const byName = new Map(reference.columns.map((column) => [column.name, column]));
    const names = options.columns ? [...options.columns] : [...byName.keys()];
    checkOverrideKeys(names, options);
    for (const name of names) {
      const column = byName.get(name);
      if (!column)
        throw invalid(`column "${name}" is not in the reference profile; test only profiled columns`, {
          column: name,
        });
      const values = currentTable.columns.get(name);
      if (!values)
        throw invalid(
          `the current table has no column "${name}" that the reference profile has; the profile is from another schema, or the column was dropped`,
          { column: name },
        );
      const sample = currentSample(name, column.kind, values);
      results.push(testColumn(name, column.kind, { source: 'profile', column }, sample, options));
    }
    return summarize(results, options, reference.rowCount, currentTable.rowCount, 'profile');
  }
  const referenceTable = toColumns(reference, 'reference table');
  const names = options.columns ? [...options.columns] : referenceTable.names;
  checkOverrideKeys(names, options);
  for (const name of names) {
    const referenceValues = referenceTable.columns.get(name);
    if (!referenceValues) throw invalid(`column "${name}" is not in the reference table`, { column: name });
    const values = currentTable.columns.get(name);
    if (!values)
      throw invalid(
        `the current table has no column "${name}" that the reference has; pass tables of the same schema`,
        { column: name },
      );
    const referenceKind = categorical.has(name) ? 'categorical' : inferKind(referenceValues);
    const currentKind = categorical.has(name) ? 'categorical' : inferKind(values);
    if (referenceKind !== currentKind && !isAllMissing(referenceValues) && !isAllMissing(values)) {
      throw invalid(
        `column "${name}" is ${referenceKind} in the reference but ${currentKind} in current; pass the same column types, or declare it categorical`,
        { column: name, reference: referenceKind, current: currentKind },
      );
    }
    const kind = isAllMissing(referenceValues) ? currentKind : referenceKind;
    const referenceSample = currentSample(name, kind, referenceValues, 'reference');
    results.push(
      testColumn(
        name,
        kind,
        { source: 'table', sample: referenceSample },
        currentSample(name, kind, values),
        options,
      ),
    );
  }
  return summarize(results, options, referenceTable.rowCount, currentTable.rowCount, 'table');
}

function isAllMissing(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return false;
  for (let index = 0; index < values.length; index++)
    if (values[index] !== null && values[index] !== undefined) return false;
  return true;
}

function currentSample(
  name: string,
  kind: ColumnKind,
  values: ArrayLike<unknown>,
  side = 'current',
): NumericSample | CategoricalSample {
  if (kind === 'numeric') return numericSample(values as ArrayLike<number>, name, side);
  if (!ArrayBuffer.isView(values)) return categoricalSample(values as ArrayLike<string>, name, side);
  const counts = new Map<string, number>();
  const numbers = values as unknown as ArrayLike<number>;
  let nan = 0;
  for (let index = 0; index < numbers.length; index++) {
    const value = numbers[index]!;
    if (Number.isNaN(value)) nan++;
    else counts.set(categoryKey(value), (counts.get(categoryKey(value)) ?? 0) + 1);
  }
  return {
    kind: 'categorical',
    counts,
    n: numbers.length - nan,
    removed: removedCounts(numbers.length, 0, nan, 0, 0),
  };
}
