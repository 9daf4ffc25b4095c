// The MLflow transport shared by `@plinth/tracking/mlflow` and `@plinth/registry/mlflow` (exported through
// `@plinth/core/adapter`).
export {
  decodeMlflowJson,
  decodeMlflowNumber,
  encodeArtifactPath,
  encodeMlflowNumber,
  isTransientMlflowError,
  MLFLOW_COLUMN_DTYPES,
  type MlflowClient,
  type MlflowClientOptions,
  type MlflowConnectionOptions,
  type MlflowFetch,
  type MlflowFetchInit,
  type MlflowQueryValue,
  type MlflowRequest,
  mlflowArtifactPath,
  mlflowClient,
} from './client.ts';
export { MLFLOW_ERROR_CODES, mlflowError } from './errors.ts';
