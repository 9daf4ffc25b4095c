/**
 * The public surface of @plinth/serving shared by the Node and browser entries (`index.node.ts`,
 * `index.browser.ts`), which each add their own `loadModel` and `onnxruntimeNode`.
 *
 * @packageDocumentation
 */

export type {
  ArrowTableLike,
  ScoreBatchOptions,
  ScoreBatchProgress,
  ScoreBatchResult,
} from './batch/types.ts';
export { createBatcher } from './batching/create-batcher.ts';
export type { BatchedModel, BatcherOptions, BatcherStats, BatcherTimers } from './batching/options.ts';
export type { Summary } from './batching/sample-window.ts';
export type {
  BanditOptions,
  CanaryGuards,
  CanaryOptions,
  CanaryStatus,
  CompareOptions,
  CompareResult,
  CreateDeployment,
  Deployment,
  DeploymentEvent,
  DeploymentEventType,
  DeploymentOptions,
  DeploymentPredictOptions,
  DeploymentStats,
  FallbackOptions,
  LatencySummary,
  PredictionEvent,
  PredictionResult,
  RouteOptions,
  RouteStats,
  ShadowOptions,
  ShadowStats,
  WatchOptions,
  WatchRegistry,
} from './deployment/types.ts';
export {
  createInferenceHandler,
  type InferenceHandlerOptions,
} from './http/create-inference-handler.ts';
export type { TensorData } from './model/dtypes.ts';
export type { CheckedTensor, InputCheck } from './model/input-check.ts';
export { compileInputCheck } from './model/input-check.ts';
export type { LoadModel } from './model/load-model.ts';
export type {
  BytesModelSource,
  LoadModelOptions,
  ModelRegistry,
  ModelSource,
  PathModelSource,
  RegistryModelSource,
} from './model/load-options.ts';
export type { Model, ModelInputs, ModelOutputs, PredictOptions, TensorValue } from './model/types.ts';
export type { OnnxruntimeNodeOptions } from './runtime/onnxruntime-node.ts';
export { type OnnxruntimeWebOptions, onnxruntimeWeb } from './runtime/onnxruntime-web.ts';
export type {
  InferenceRuntime,
  OrtLib,
  RuntimeSession,
  RuntimeSessionOptions,
  RuntimeTensor,
  RuntimeValueMetadata,
} from './runtime/types.ts';
