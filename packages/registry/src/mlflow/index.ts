/**
 * `@plinth/registry/mlflow`: a `RegistryBackend` over an MLflow model registry, for
 * `createRegistry({ backend: mlflowRegistryBackend({ url }) })`; models registered in MLflow load with
 * `loadModel({ registry, uri: 'models:/<name>@<alias>' })`.
 *
 * @packageDocumentation
 */
export {
  type MlflowRegistryBackend,
  type MlflowRegistryBackendOptions,
  mlflowRegistryBackend,
} from './backend.ts';
export { type MlmodelInfo, readMlmodel } from './mlmodel.ts';
