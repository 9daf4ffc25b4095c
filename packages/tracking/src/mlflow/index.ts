/**
 * `@plinth/tracking/mlflow`: a `TrackingBackend` over an MLflow tracking server, for
 * `createTracker({ backend: mlflowTrackingBackend({ url }) })`.
 *
 * @packageDocumentation
 */

export {
  type MlflowTrackingBackend,
  type MlflowTrackingBackendOptions,
  mlflowTrackingBackend,
} from './backend.ts';
export { chunkLogBatch, type LogBatchBody, type LogBatchItems, MLFLOW_LOG_BATCH_LIMITS } from './batch.ts';
export type { MlflowOutboxStats } from './outbox.ts';
