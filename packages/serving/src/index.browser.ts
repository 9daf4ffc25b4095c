/**
 * @plinth/serving: ONNX models in-process, with dynamic batching, safe rollouts and hot swap. This is the
 * browser entry (onnxruntime-web by default; no files, no worker_threads).
 *
 * @packageDocumentation
 */

import { batchScorer } from './batch/score-batch.ts';
import type { ScoreBatchOptions, ScoreBatchResult } from './batch/types.ts';
import { deploymentFactory } from './deployment/create-deployment.ts';
import type { CreateDeployment } from './deployment/types.ts';
import { browserPlatform } from './internal/platform.browser.ts';
import { createLoadModel, type LoadModel } from './model/load-model.ts';

export * from './index.ts';
export { onnxruntimeNode } from './runtime/onnxruntime-node.browser.ts';

/**
 * Loads an ONNX model and returns a `Model`: from a registry (`{ registry, uri }`, SHA-256 verified, with the
 * version's signature) or from bytes (`{ bytes, signature? }`), run by onnxruntime-web (serve its wasm files
 * yourself and pass `runtime: onnxruntimeWeb({ wasmPaths })`). `{ path }` and `workers` need Node.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad source or option; `PLINTH_NOT_FOUND` / `PLINTH_INTEGRITY`
 * from the registry; `PLINTH_MODEL_LOAD` for bytes the runtime cannot load; `PLINTH_UNSUPPORTED_RUNTIME` for
 * `{ path }` or `workers`.
 * @example
 * ```ts
 * const runtime = onnxruntimeWeb({ wasmPaths: '/ort/' });
 * const model = await loadModel({ registry, uri: 'models:/fraud@champion' }, { runtime });
 * ```
 */
export const loadModel: LoadModel = /* @__PURE__ */ createLoadModel(browserPlatform);

/**
 * Serves one or more models behind one `predict`: weighted A/B routes, sticky keys, bandits fed by `reward()`,
 * shadow traffic, fallbacks, a progressive canary with automatic rollback, blue-green `switch`/`rollback`,
 * `promote`, `compare`, hot swap from a registry alias (new versions load through `loadModel`), `stats()` and
 * Prometheus `metrics()`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options, before anything starts.
 * @example
 * ```ts
 * const deployment = createDeployment({ routes: [{ name: 'champion', model }] });
 * const { outputs } = await deployment.predict({ features: [[0.1, 0.2]] });
 * ```
 */
export const createDeployment: CreateDeployment = /* @__PURE__ */ deploymentFactory(loadModel);

/**
 * Batch inference over an Apache Arrow table, in chunks of `batchSize` rows with progress; returns the table
 * with the predictions beside the inputs. Files (Parquet, CSV) need Node.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options; `PLINTH_UNSUPPORTED_RUNTIME` for a file path.
 * @example
 * ```ts
 * const { table } = await scoreBatch({ model, input: arrowTable, batchSize: 1024 });
 * ```
 */
export const scoreBatch: (options: ScoreBatchOptions) => Promise<ScoreBatchResult> =
  /* @__PURE__ */ batchScorer(undefined);
