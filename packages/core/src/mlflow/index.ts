// The MLflow transport shared by `@plinth/tracking/mlflow` and `@plinth/registry/mlflow` (exported through
// `@plinth/core/adapter`).
export {
  decodeMlflowJson,
  decodeMlflowNumber,
  encodeArtifactPath,
  encodeMlflowNumber,
  isTransientMlflowError,
  type MlflowClient,
  type MlflowClientOptions,
  type MlflowFetch,
  type MlflowFetchInit,
  type MlflowQueryValue,
  type MlflowRequest,
  mlflowArtifactPath,
  mlflowClient,
} from './client.ts';
export { MLFLOW_ERROR_CODES, mlflowError } from './errors.ts';
