import type { Signature, TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';

/** One input or output of a signature, as the checks and the batcher use it. */
export interface TensorSpecOf {
  readonly name: string;
  readonly dtype: TensorDtype;
  /** Dimensions; `-1` for a dynamic one. */
  readonly shape: readonly number[];
}

const COLUMN_DTYPES: Readonly<Record<string, TensorDtype>> = { category: 'string', timestamp: 'int64' };

/**
 * The tensor specs of a signature's inputs or outputs. A column spec without a shape is one value per row
 * (`[-1]`); `category` columns are strings and `timestamp` columns int64 epoch milliseconds.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a column type no ONNX tensor has (`binary`).
 */
export function tensorSpecs(entries: Signature['inputs']): TensorSpecOf[] {
  return entries.map((entry) => {
    const dtype = Object.hasOwn(COLUMN_DTYPES, entry.dtype) ? COLUMN_DTYPES[entry.dtype]! : entry.dtype;
    if (dtype === 'binary') {
      throw errors.invalid('signature', {
        path: entry.name,
        message: `"${entry.name}" is a binary column, which no ONNX tensor type holds; declare it as a tensor`,
      });
    }
    return { name: entry.name, dtype: dtype as TensorDtype, shape: entry.shape ?? [-1] };
  });
}

/** `[-1, 32]` */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Whether every input has a dynamic first (batch) dimension, so requests can be stacked along it. */
export function isBatchable(inputs: readonly TensorSpecOf[]): boolean {
  return inputs.length > 0 && inputs.every((spec) => spec.shape.length > 0 && spec.shape[0] === -1);
}
