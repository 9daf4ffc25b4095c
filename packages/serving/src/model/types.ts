import type { Signature } from '@plinth/core';

/**
 * A tensor given to or returned by a model: a typed array with its shape (row-major). `string` tensors use a
 * `string[]`; `bool` tensors a `Uint8Array` (0/1) or `boolean[]`; `int64` tensors a `BigInt64Array`.
 */
export interface TensorValue {
  /** Flat, row-major data. */
  readonly data:
    | Float32Array
    | Float64Array
    | Int8Array
    | Int16Array
    | Int32Array
    | BigInt64Array
    | Uint8Array
    | Uint16Array
    | Uint32Array
    | BigUint64Array
    | readonly string[]
    | readonly boolean[];
  /** Dimensions; the first is the batch (row) dimension for batchable models. */
  readonly dims: readonly number[];
}

/**
 * Inputs to `predict`, by input name. Each value is a {@link TensorValue}, a typed array or `number[][]` of rows
 * (shape taken from the signature), or an Apache Arrow table (columns mapped to inputs by the model's adapter).
 */
export type ModelInputs = Readonly<Record<string, unknown>>;

/** Outputs of `predict`, by output name, in the signature's order. */
export type ModelOutputs = Readonly<Record<string, TensorValue>>;

/** Per-call options. */
export interface PredictOptions {
  readonly signal?: AbortSignal;
}

/**
 * A loaded model: what `loadModel` returns and what a deployment routes to. Anything with this shape can be routed
 * (a batched model from `createBatcher` has it too).
 */
export interface Model {
  /** The model's inputs and outputs (from the registry version, or read from the ONNX graph). */
  readonly signature: Signature;
  /** Where it came from, for events and metrics: `models:/fraud/3`, a path, or `bytes`. */
  readonly source: string;
  /** Registered model name and version when loaded from a registry. */
  readonly modelName?: string;
  readonly modelVersion?: number;
  /**
   * How many `predict` calls it serves in parallel (a worker pool's size); a batcher keeps that many batches in
   * flight. @default 1
   */
  readonly concurrency?: number;
  /** Runs the model once. Inputs are checked against the signature first (`PLINTH_VALIDATION`). */
  predict(inputs: ModelInputs, options?: PredictOptions): Promise<ModelOutputs>;
  /** Releases the session; later calls fail with `PLINTH_CLOSED`. */
  dispose(): Promise<void>;
}
