/**
 * @plinth/features: entities, feature views, point-in-time-correct historical joins, materialization to an
 * online store, online lookups, on-demand views and feature services. This entry runs in browsers too (online
 * reads, on-demand views, feature services); the DuckDB engine is `@plinth/features/duckdb` (Node).
 *
 * @packageDocumentation
 */
export { defineEntity, type Entity, type EntityOptions, isEntity } from './definitions/entity.ts';
export {
  defineFeatureView,
  type FeatureView,
  type FeatureViewOptions,
  isFeatureView,
} from './definitions/feature-view.ts';
export type { FeatureSpec, FeaturesInput } from './definitions/features-spec.ts';
export { MAX_FEATURE_NAME_LENGTH } from './definitions/names.ts';
export {
  defineOnDemandFeatureView,
  type FeatureValue,
  isOnDemandFeatureView,
  type OnDemandFeatureView,
  type OnDemandFeatureViewOptions,
  type OnDemandInput,
  type OnDemandTransform,
} from './definitions/on-demand.ts';
export {
  defineFeatureService,
  type FeatureService,
  type FeatureServiceEntry,
  type FeatureServiceOptions,
  isFeatureService,
  parseFeatureRef,
} from './definitions/service.ts';
export {
  type FileFormat,
  type FileSource,
  type FileSourceOptions,
  fileSource,
} from './definitions/source.ts';
export { FEATURE_TYPES, type FeatureType, parseTtl, type Ttl } from './definitions/types.ts';
export type {
  ArrowTableLike,
  EntitySource,
  HistoricalQuery,
  JoinFeature,
  JoinView,
  LatestBatch,
  LatestQuery,
  OfflineEngine,
  OutputFormat,
  Progress,
  ResultColumns,
  ResultColumnType,
} from './engine/port.ts';
export type {
  EntityKeyValue,
  OnlineCallOptions,
  OnlinePartition,
  OnlinePartitionColumn,
  OnlineReadRequest,
  OnlineReadResult,
  OnlineRowTexts,
  OnlineStore,
  OnlineValue,
  OnlineViewInfo,
  OnlineWriteBatch,
  OnlineWriteResult,
} from './online/port.ts';
export type { StorageOnlineStoreOptions } from './online/storage/options.ts';
export { storageOnlineStore } from './online/storage/store.ts';
export {
  createFeatureStore,
  type FeatureStore,
  type FeatureStoreOptions,
  type HistoricalFeaturesOptions,
  type MaterializeIncrementalOptions,
  type MaterializeOptions,
  type OnlineFeaturesOptions,
  type PushOptions,
} from './store/create-feature-store.ts';
export type { HistoricalJob } from './store/historical-job.ts';
export type { MaterializeResult } from './store/materialize.ts';
export type { FeatureStatus, OnlineFeaturesResult } from './store/online-lookup.ts';
export type { TimeInput } from './store/time.ts';
export type { ArrowTable } from './store/to-arrow.ts';
