/**
 * @plinth/monitoring: drift statistics exact to scipy, profiles without raw data (KLL sketches, exact grid
 * histograms), detectDrift with Evidently's test selection, data-quality validation, streaming monitors with
 * alert rules, and self-contained HTML reports. Runtime-neutral: runs in Node and browsers. Every statistic
 * (sorted-input variants, distributions, sketches, model-quality metrics) is in `@plinth/monitoring/stats`.
 *
 * @packageDocumentation
 */

export { detectDrift } from './drift/detect-drift.ts';
export { DEFAULT_THRESHOLDS } from './drift/select-test.ts';
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
export {
  createQualityMonitor,
  type QualityMonitor,
  type QualityMonitorOptions,
  type QualityWindowResult,
} from './monitors/quality-monitor.ts';
export type { WindowSpec } from './monitors/window-options.ts';
export type { ColumnKind } from './profile/column-kind.ts';
export type { GridHistogramData } from './profile/grid-histogram.ts';
export type { KllSketchData } from './profile/kll.ts';
export {
  createProfile,
  mergeProfiles,
  type ProfileOptions,
  profileFromJSON,
  profileToJSON,
} from './profile/profile.ts';
export {
  type CategoricalColumnProfile,
  type ColumnProfile,
  type NumericColumnProfile,
  PROFILE_FORMAT,
  type Profile,
} from './profile/schema.ts';
export type {
  ArrowTableLike,
  ArrowVectorLike,
  Cell,
  ColumnRecord,
  Row,
  TableInput,
} from './profile/table.ts';
export type {
  ColumnExpectation,
  ExpectationFailure,
  ExpectationKind,
  Expectations,
  ValidationResult,
} from './quality/expectations.ts';
export {
  DEFAULT_RANGE_SLACK,
  type ExpectationsFromProfileOptions,
  expectationsFromProfile,
} from './quality/from-profile.ts';
export { validateData } from './quality/validate-data.ts';
export { type DriftReportOptions, renderDriftReport } from './report/render.ts';
// The drift tests most callers need, also at the root; every statistic is in `@plinth/monitoring/stats`.
export {
  type ChiSquareOptions,
  type ChiSquareResult,
  chiSquare,
  type JensenShannonOptions,
  jensenShannon,
  type Ks2SampResult,
  type KsAlternative,
  type KsOptions,
  ks2samp,
  type PsiOptions,
  type PsiResult,
  psi,
  type StatResult,
  wasserstein,
  wassersteinNormed,
  type ZTestOptions,
  type ZTestResult,
  zTest,
} from './stats/index.ts';
export {
  type ProfileStore,
  type ProfileStoreOptions,
  profileStore,
  type SaveProfileOptions,
} from './store/profile-store.ts';
