/**
 * @plinth/serving: ONNX models in-process, with dynamic batching, safe rollouts and hot swap. This is the Node
 * entry (onnxruntime-node by default, model files, worker_threads pools).
 *
 * @packageDocumentation
 */

import { batchScorer } from './batch/score-batch.ts';
import type { ScoreBatchOptions, ScoreBatchResult } from './batch/types.ts';
import { deploymentFactory } from './deployment/create-deployment.ts';
import type { CreateDeployment } from './deployment/types.ts';
import { nodePlatform } from './internal/platform.node.ts';
import { createLoadModel, type LoadModel } from './model/load-model.ts';

export * from './index.ts';
export { onnxruntimeNode } from './runtime/onnxruntime-node.ts';

/**
 * Loads an ONNX model and returns a `Model`: from a registry (`{ registry, uri }`, SHA-256 verified, with the
 * version's signature), from bytes (`{ bytes, signature? }`) or from a file (`{ path }`). Without a signature,
 * it is read from the model's inputs and outputs. `workers: n` runs the session in `n` worker threads.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad source or option; `PLINTH_NOT_FOUND` / `PLINTH_INTEGRITY`
 * from the registry; `PLINTH_MODEL_LOAD` for bytes the runtime cannot load (its error is the `cause`) or a
 * signature that does not match the model.
 * @example
 * ```ts
 * const model = await loadModel({ registry, uri: 'models:/fraud@champion' }, { warmup: true });
 * const { score } = await model.predict({ features: rows }); // rows: number[][] of 32 values each
 * ```
 */
export const loadModel: LoadModel = /* @__PURE__ */ createLoadModel(nodePlatform);

/**
 * Serves one or more models behind one `predict`: weighted A/B routes, sticky keys, bandits fed by `reward()`,
 * shadow traffic, fallbacks, a progressive canary with automatic rollback, blue-green `switch`/`rollback`,
 * `promote`, `compare`, hot swap from a registry alias (new versions load through `loadModel`), `stats()` and
 * Prometheus `metrics()`.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options (negative or NaN weights, duplicate or unknown route
 * names, unknown keys), before anything starts.
 * @example
 * ```ts
 * const deployment = createDeployment({
 *   routes: [{ name: 'champion', model: m1, weight: 90 }, { name: 'challenger', model: m2, weight: 10 }],
 *   stickyKey: (request) => request.userId,
 *   featureLookup: async (request) => ({ features: await lookup(request.userId) }),
 * });
 * const { outputs, route, requestId } = await deployment.predict({ userId: 'u1' });
 * deployment.reward(requestId, 1);
 * ```
 */
export const createDeployment: CreateDeployment = /* @__PURE__ */ deploymentFactory(loadModel);

/**
 * Batch inference: scores an Apache Arrow table, or a Parquet / CSV file read through DuckDB, in chunks of
 * `batchSize` rows with progress, and writes the predictions beside the inputs (a new Arrow table, or the
 * `output` file). DuckDB (`@duckdb/node-api`) is imported on first use.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for bad options or missing columns, before any work; the model's
 * errors as they come.
 * @example
 * ```ts
 * await scoreBatch({ model, input: 'transactions.parquet', output: 'scored.parquet', batchSize: 4096,
 *   onProgress: ({ rows, totalRows }) => console.log(rows, totalRows) });
 * ```
 */
export const scoreBatch: (options: ScoreBatchOptions) => Promise<ScoreBatchResult> =
  /* @__PURE__ */ batchScorer((options, predict) =>
    import('./batch/score-file.node.ts').then(({ scoreFile }) => scoreFile(options, predict)),
  );
