// Model-shaped test doubles for the routing logic (real ONNX models are used in the integration tests).
import type { Signature } from '@plinth/core';
import type { Model, ModelInputs, ModelOutputs, PredictOptions } from '../model/types.ts';

export const SIGNATURE: Signature = {
  inputs: [{ name: 'x', dtype: 'float32', shape: [-1, 2] }],
  outputs: [{ name: 'y', dtype: 'float32', shape: [-1, 1] }],
};

export interface DoubleOptions {
  /** Output = sum of the row × factor. @default 1 */
  factor?: number;
  version?: number;
  name?: string;
  /** Throw on every call. */
  fail?: boolean | (() => boolean);
  /** Run before answering (advance a manual clock, await a gate). */
  before?: (inputs: ModelInputs, options?: PredictOptions) => unknown;
}

export interface Double extends Model {
  calls: ModelInputs[];
  disposed: boolean;
}

/** A model that sums each row of `x` and multiplies by `factor`. */
export function double(options: DoubleOptions = {}): Double {
  const factor = options.factor ?? 1;
  const model: Double = {
    signature: SIGNATURE,
    source: options.version === undefined ? 'bytes' : `models:/${options.name ?? 'fraud'}/${options.version}`,
    ...(options.version === undefined
      ? {}
      : { modelName: options.name ?? 'fraud', modelVersion: options.version }),
    calls: [],
    disposed: false,
    async predict(inputs, predictOptions) {
      if (model.disposed) throw new Error('used after dispose');
      model.calls.push(inputs);
      await options.before?.(inputs, predictOptions);
      const fail = typeof options.fail === 'function' ? options.fail() : options.fail;
      if (fail) throw new Error('model failed');
      const x = inputs.x as { data: Float32Array; dims: number[] };
      const [rows, columns] = x.dims as [number, number];
      const y = new Float32Array(rows);
      for (let row = 0; row < rows; row++) {
        let sum = 0;
        for (let column = 0; column < columns; column++) sum += x.data[row * columns + column]!;
        y[row] = sum * factor;
      }
      return { y: { data: y, dims: [rows, 1] } } satisfies ModelOutputs;
    },
    async dispose() {
      model.disposed = true;
    },
  };
  return model;
}

/** One row of inputs. */
export function row(a = 1, b = 2): ModelInputs {
  return { x: { data: new Float32Array([a, b]), dims: [1, 2] } };
}

/** A seeded uniform generator in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A promise with its resolve function. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
