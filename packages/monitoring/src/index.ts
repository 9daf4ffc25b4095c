/**
 * @plinth/monitoring: drift statistics exact to scipy, profiles without raw data (KLL sketches, exact grid
 * histograms), detectDrift with Evidently's test selection, data-quality validation, streaming monitors with
 * alert rules, and self-contained HTML reports. Runtime-neutral: runs in Node and browsers.
 *
 * @packageDocumentation
 */

export { detectDrift } from './drift/detect-drift.ts';
export { DEFAULT_THRESHOLDS, defaultTest } from './drift/select-test.ts';
export type {
  ColumnDrift,
  DriftHistogram,
  DriftOptions,
  DriftResult,
  DriftResultData,
  DriftTestName,
  DriftTestOverrides,
  DriftThresholds,
  RemovedCounts,
} from './drift/types.ts';
export {
  driftToPrometheus,
  latencyToPrometheus,
  type PrometheusOptions,
  qualityToPrometheus,
} from './export/prometheus.ts';
export { type Alert, type AlertEvaluator, type AlertRule, createAlertEvaluator } from './monitors/alerts.ts';
export {
  createDriftMonitor,
  createPredictionDriftMonitor,
  type DriftMonitor,
  type DriftMonitorOptions,
  type DriftWindowResult,
  type PredictionDriftMonitor,
  type PredictionDriftMonitorOptions,
  type WindowInfo,
} from './monitors/drift-monitor.ts';
export {
  createLatencyMonitor,
  type LatencyMonitor,
  type LatencyMonitorOptions,
  type LatencyWindowResult,
} from './monitors/latency-monitor.ts';
export { accuracy, precisionRecallF1, regressionErrors, rocAuc } from './monitors/metrics.ts';
export {
  createQualityMonitor,
  type QualityMonitor,
  type QualityMonitorOptions,
  type QualityWindowResult,
} from './monitors/quality-monitor.ts';
export type { WindowSpec } from './monitors/window-options.ts';
export type { ColumnKind } from './profile/column-kind.ts';
export { GridHistogram, type GridHistogramData } from './profile/grid-histogram.ts';
export { KllSketch, type KllSketchData } from './profile/kll.ts';
export {
  createProfile,
  mergeProfiles,
  type ProfileOptions,
  profileFromJSON,
  profileToJSON,
} from './profile/profile.ts';
export {
  type CategoricalColumnProfile,
  CategoricalColumnProfileSchema,
  type ColumnProfile,
  ColumnProfileSchema,
  type NumericColumnProfile,
  NumericColumnProfileSchema,
  PROFILE_FORMAT,
  type Profile,
  ProfileSchema,
} from './profile/schema.ts';
export type { ArrowTableLike, ArrowVectorLike, Cell, ColumnRecord, TableInput } from './profile/table.ts';
export {
  type ColumnExpectation,
  ColumnExpectationSchema,
  type ExpectationFailure,
  type ExpectationKind,
  type Expectations,
  ExpectationsSchema,
  type ValidationResult,
} from './quality/expectations.ts';
export { type ExpectationsFromProfileOptions, expectationsFromProfile } from './quality/from-profile.ts';
export { validateData } from './quality/validate-data.ts';
export { type DriftReportOptions, renderDriftReport } from './report/render.ts';
export * from './stats/index.ts';
export { radixSortFloat64 } from './stats/radix-sort.ts';
export {
  type ProfileStore,
  type ProfileStoreOptions,
  profileStore,
  type SaveProfileOptions,
} from './store/profile-store.ts';
