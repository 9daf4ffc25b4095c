import type { TensorDtype } from '@plinth/core';
import type { TensorData } from '../model/dtypes.ts';

/** A tensor as a runtime takes and returns it: element type, flat data, dims. */
export interface RuntimeTensor {
  /** Element type (the ONNX name, as ONNX Runtime spells it: `float32`, `int64`, `string`, `bool`, …). */
  readonly type: string;
  readonly data: TensorData;
  readonly dims: readonly number[];
}

/** What a session says about one of its inputs or outputs. */
export interface RuntimeValueMetadata {
  readonly name: string;
  /** False for sequences and maps. */
  readonly isTensor: boolean;
  /** Element type when a tensor. */
  readonly type?: string;
  /** Dimensions: a size, or a symbolic name for a dynamic one. */
  readonly shape?: readonly (number | string)[];
}

/** A loaded model in a runtime: the part of an ONNX Runtime `InferenceSession` Plinth calls. */
export interface RuntimeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Input metadata, where the runtime reports it (ONNX Runtime ≥ 1.22 does). */
  readonly inputMetadata?: readonly RuntimeValueMetadata[];
  readonly outputMetadata?: readonly RuntimeValueMetadata[];
  /** Runs the model once. */
  run(feeds: Record<string, RuntimeTensor>): Promise<Record<string, RuntimeTensor>>;
  /** Frees the session. */
  release(): Promise<void>;
  /** How many runs it serves at once (a worker pool's size); 1 when absent. */
  readonly concurrency?: number;
}

/** Session options passed through to the runtime (ONNX Runtime's `InferenceSession.SessionOptions`). */
export type RuntimeSessionOptions = Readonly<Record<string, unknown>>;

/**
 * The `InferenceRuntime` port: the small shape of ONNX Runtime that Plinth calls. `onnxruntimeNode()` and
 * `onnxruntimeWeb()` implement it; another runtime (a mock for a unit test, a remote runtime) can too.
 */
export interface InferenceRuntime {
  /** `onnxruntime-node`, `onnxruntime-web`, … (for messages). */
  readonly name: string;
  /** Creates a session from ONNX model bytes. */
  createSession(bytes: Uint8Array, options?: RuntimeSessionOptions): Promise<RuntimeSession>;
  /** Makes a tensor the runtime's sessions accept. Must be cheap: it runs on every call. */
  tensor(dtype: TensorDtype, data: TensorData, dims: readonly number[]): RuntimeTensor;
}

/** The part of the `onnxruntime-node` / `onnxruntime-web` module an adapter calls (pass it as `lib`). */
export interface OrtLib {
  readonly InferenceSession: {
    create(bytes: Uint8Array, options?: object): Promise<unknown>;
  };
  readonly Tensor: new (type: never, data: never, dims?: readonly number[]) => unknown;
  readonly env?: { readonly wasm?: object };
}
