import type { ColumnKind } from '../profile/column-kind.ts';

/** The drift tests detectDrift can run on a column. */
export type DriftTestName = 'ks' | 'wasserstein' | 'psi' | 'jensenshannon' | 'chisquare' | 'z';

/**
 * Per-type and per-column choice of test (overrides Evidently's default selection). `C` is the column names
 * where the tables' types know them, so a misspelt column or option fails to compile.
 */
export type DriftTestOverrides<C extends string = string> = {
  /** Test for every numeric column. */
  numeric?: DriftTestName;
  /** Test for every categorical column. */
  categorical?: DriftTestName;
  /** Test for a named column (wins over the per-type choice). */
  columns?: { readonly [K in C]?: DriftTestName };
} & {
  /** Shorthand of `columns`: a column name → its test (`tests: { amount: 'psi' }`). */
  readonly [K in Exclude<C, 'numeric' | 'categorical' | 'columns'>]?: DriftTestName;
};

/** Thresholds per test and per column (override the defaults: p < 0.05, distances ≥ 0.1). */
export type DriftThresholds<C extends string = string> = { [T in DriftTestName]?: number } & {
  /** Threshold for a named column (wins over the per-test threshold). */
  columns?: { readonly [K in C]?: number };
} & {
  /** Shorthand of `columns`: a column name → its threshold (`thresholds: { amount: 0.2 }`). */
  readonly [K in Exclude<C, DriftTestName | 'columns'>]?: number;
};

/** Options of detectDrift; `C` is the column names where the tables' types know them. */
export interface DriftOptions<C extends string = string> {
  /** Columns to test. @default every reference column */
  columns?: readonly C[];
  /** Columns to treat as categorical although they hold numbers. @default [] */
  categorical?: readonly C[];
  /** Test overrides. @default Evidently's selection (see the README) */
  tests?: DriftTestOverrides<C>;
  /** Threshold overrides. @default 0.05 for p-value tests, 0.1 for distances */
  thresholds?: DriftThresholds<C>;
  /** The dataset drifts when the share of drifted columns is at least this, in (0, 1]. @default 0.5 */
  driftShare?: number;
  /**
   * A column with no usable value on one side (all missing, NaN or ±Infinity): `'error'` rejects the input with
   * `PLINTH_VALIDATION` naming the column; `'report'` gives the column an `error` entry and leaves it out of the
   * drifted share (what the monitors do, so one dead feature does not stop them). @default 'error'
   */
  emptyColumns?: 'error' | 'report';
}

/** Missing and non-finite values removed from one side of a column before testing. */
export interface RemovedCounts {
  /** Rows in the column. */
  rows: number;
  nulls: number;
  nan: number;
  positiveInfinity: number;
  negativeInfinity: number;
  /** (nulls + NaN + ±Infinity) / rows. */
  nanShare: number;
}

/** Compact binned view of a column for the report: shares per bin for reference and current. */
export type DriftHistogram =
  | { kind: 'numeric'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categorical'; categories: string[]; reference: number[]; current: number[] };

/** Drift result of one column. */
export interface ColumnDrift {
  column: string;
  type: ColumnKind;
  /** The test run; null when the column could not be tested (see `error`). */
  test: DriftTestName | null;
  /** Evidently's drift score: the p-value for ks / chisquare / z, the distance for the others. */
  score: number | null;
  /** The test statistic (D, χ², z, or the distance). */
  statistic: number | null;
  pValue: number | null;
  threshold: number | null;
  drifted: boolean;
  /** How far past its threshold the score is: ≥ 1 means drifted (ratio of −log p, or of distances). */
  severity: number;
  reference: RemovedCounts;
  current: RemovedCounts;
  histogram: DriftHistogram | null;
  /** Why the column could not be tested (all values missing, test not applicable). */
  error?: string;
}

/** JSON form of a drift result. */
export interface DriftResultData {
  /** Per-column results, most severe first. */
  columns: ColumnDrift[];
  /** Columns tested (without error). */
  columnCount: number;
  driftedCount: number;
  /** driftedCount / columnCount (0 when nothing could be tested). */
  driftedShare: number;
  /** The driftShare option in effect. */
  driftShareThreshold: number;
  /** True when driftedShare ≥ driftShareThreshold. */
  datasetDrift: boolean;
  referenceRows: number;
  currentRows: number;
  /** 'profile' when the reference was a profile. */
  referenceSource: 'table' | 'profile';
}

/** Result of detectDrift: the data plus `toJSON()`. */
export interface DriftResult extends DriftResultData {
  toJSON(): DriftResultData;
}
