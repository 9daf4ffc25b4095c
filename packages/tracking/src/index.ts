/**
 * @plinth/tracking: experiment tracking — experiments, runs, params, buffered metrics, tags, artifacts,
 * dataset inputs and MLflow-style search — over any `StorageAdapter`, in Node and in browsers.
 *
 * @packageDocumentation
 */
export type { ActiveRun, ArtifactSource, MetricOptions } from './active-run.ts';
export type {
  ArtifactInfo,
  BackendSearchRequest,
  RunsPage,
  TrackingBackend,
  ViewType,
} from './backend.ts';
export type { ExperimentApi } from './experiment-api.ts';
export { decodeSegment, encodeSegment, type MetricColumns } from './metrics/codec.ts';
export { isLater, latestOf } from './metrics/latest.ts';
export { DEFAULT_EXPERIMENT_NAME, type Experiment, ExperimentSchema } from './schemas/experiment.ts';
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
export { runsToArrow } from './search/arrow.ts';
export { type Clause, type Comparator, parseFilter } from './search/filter.ts';
export type { EntityType, Identifier } from './search/identifiers.ts';
export { type OrderKey, parseOrderBy } from './search/order.ts';
export { searchInMemory } from './search/search.ts';
export {
  type StorageBackendOptions,
  type StorageTrackingBackend,
  storageBackend,
} from './storage/storage-backend.ts';
export { createTracker, type Tracker } from './tracker.ts';
export type { SearchRunsRequest, StartRunOptions, TrackerOptions } from './tracker-options.ts';
