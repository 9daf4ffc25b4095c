/**
 * @plinth/tracking: experiment tracking — experiments, runs, params, buffered metrics, tags, artifacts,
 * dataset inputs and MLflow-style search — over any `StorageAdapter`, in Node and in browsers.
 * Arrow tables of search results come from `@plinth/tracking/arrow`; runtime facts from
 * `@plinth/tracking/system`; the backend contract suite from `@plinth/tracking/testing`.
 *
 * @packageDocumentation
 */
export type { ActiveRun, MetricOptions } from './active-run.ts';
export type { ArtifactContent, ArtifactSource, LocalFile } from './artifact-source.ts';
export type {
  ArtifactInfo,
  BackendSearchRequest,
  NewRun,
  RunsPage,
  TrackingBackend,
  ViewType,
} from './backend.ts';
export type { ExperimentApi } from './experiment-api.ts';
export type { MetricBatch, MetricColumns } from './metrics/codec.ts';
export {
  SYNC_SOURCE_TAG,
  type SyncEndpoint,
  type SyncProgress,
  type SyncRunsOptions,
  type SyncRunsResult,
  syncRuns,
} from './mlflow/sync-runs.ts';
export { DEFAULT_EXPERIMENT_NAME, type Experiment, ExperimentSchema } from './schemas/experiment.ts';
export { MAX_TIMESTAMP } from './schemas/limits.ts';
export {
  type LatestMetric,
  LatestMetricSchema,
  type Lifecycle,
  LifecycleSchema,
  MAX_PARAM_VALUE_LENGTH,
  type MetricPoint,
  type Params,
  ParamsSchema,
  type Run,
  type RunInput,
  RunInputSchema,
  RunSchema,
  type RunStatus,
  RunStatusSchema,
} from './schemas/run.ts';
export {
  type StorageBackendOptions,
  type StorageTrackingBackend,
  storageBackend,
} from './storage/storage-backend.ts';
export { createTracker, type Tracker } from './tracker.ts';
export type {
  BackendTrackerOptions,
  EndRunOptions,
  MarkStaleRunsOptions,
  SearchRunsRequest,
  StartRunOptions,
  StorageTrackerOptions,
  TrackerCommonOptions,
  TrackerOptions,
} from './tracker-options.ts';
