import type { Signature } from '@plinth/core';
import type { ModelVersion, ModelVersionRef, Registry } from '@plinth/registry';
import type { InferenceRuntime, OrtLib, RuntimeSessionOptions } from '../runtime/types.ts';

/** The part of a registry `loadModel` calls (a `Registry` from `@plinth/registry` has it). */
export type ModelRegistry = Pick<Registry, 'getVersion' | 'loadArtifact'>;

/** Load from a registry: the version's artifact is SHA-256 verified, its signature used. */
export interface RegistryModelSource {
  readonly registry: ModelRegistry;
  /** `models:/fraud@champion`, `models:/fraud/3`, `models:/fraud/latest`, `{ name, version }`, `{ name, alias }`. */
  readonly uri: ModelVersionRef;
}

/** Load from ONNX bytes; without a signature, it is read from the model's inputs and outputs. */
export interface BytesModelSource {
  readonly bytes: Uint8Array | ArrayBuffer;
  readonly signature?: Signature;
}

/** Load from a local `.onnx` file (Node only; `PLINTH_UNSUPPORTED_RUNTIME` in browsers). */
export interface PathModelSource {
  readonly path: string;
  readonly signature?: Signature;
}

/** Where `loadModel` reads a model from. */
export type ModelSource = RegistryModelSource | BytesModelSource | PathModelSource;

/** Options of `loadModel`. */
export interface LoadModelOptions {
  /** Passed to the runtime's session (ONNX Runtime `SessionOptions`: threads, graph optimization, …). @default {} */
  readonly sessionOptions?: RuntimeSessionOptions;
  /** Runs the model once on zeros before returning, so the first real call is not the slow one. @default false */
  readonly warmup?: boolean;
  /** The runtime. @default onnxruntime-node in Node, onnxruntime-web in browsers */
  readonly runtime?: InferenceRuntime;
  /** The ONNX Runtime module for the default runtime, when the app imports it itself. */
  readonly lib?: OrtLib;
  /**
   * Node only: run sessions in a pool of this many `worker_threads`, so several cores serve at once (each worker
   * holds its own session; pair with a batcher). Not with `runtime` or `lib`. @default undefined (in-thread)
   */
  readonly workers?: number;
  /** Cancels the load. */
  readonly signal?: AbortSignal;
}

/** A version as loadModel reads it. */
export type LoadedVersion = Pick<ModelVersion, 'name' | 'version' | 'signature'>;
