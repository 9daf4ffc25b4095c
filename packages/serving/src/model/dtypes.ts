import type { TensorDtype } from '@plinth/core';
import type { TensorValue } from './types.ts';

/** Flat data of a tensor, as ONNX Runtime takes it. */
export type TensorData = TensorValue['data'];

/** A typed-array constructor. */
type TypedArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int8ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | BigUint64ArrayConstructor;

/** What each dtype's data is: its typed array (`undefined` for string, which is a `string[]`). */
export const DTYPE_ARRAY: Readonly<Record<TensorDtype, TypedArrayConstructor | undefined>> = {
  float16: Uint16Array,
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
  string: undefined,
};

/** The name of what a dtype wants, for messages: `Float32Array`, `string[]`, `Uint8Array or boolean[]`. */
export function describeData(dtype: TensorDtype): string {
  if (dtype === 'string') return 'string[]';
  if (dtype === 'bool') return 'Uint8Array (0/1) or boolean[]';
  if (dtype === 'float16') return 'Uint16Array (float16 bits)';
  return DTYPE_ARRAY[dtype]!.name;
}

/** What a value is, for messages: `Float64Array`, `an array`, `null`, `number`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Whether a dtype holds 64-bit integers (given as bigint). */
export function isBigIntDtype(dtype: TensorDtype): boolean {
  return dtype === 'int64' || dtype === 'uint64';
}

/**
 * Converts one plain value (number, bigint, boolean, string) to a cell of `dtype`, or `undefined` when it does
 * not fit (a fraction for an integer type, a string for a number type, NaN for an integer, …).
 */
export function toCell(dtype: TensorDtype, value: unknown): number | bigint | string | undefined {
  if (dtype === 'string') return typeof value === 'string' ? value : undefined;
  if (dtype === 'bool') {
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value === 0 || value === 1 ? value : undefined;
  }
  if (isBigIntDtype(dtype)) {
    if (typeof value === 'bigint') return value;
    return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
  }
  if (typeof value === 'bigint') return undefined;
  if (typeof value !== 'number') return undefined;
  if (dtype === 'float32' || dtype === 'float64') return value;
  return Number.isInteger(value) ? value : undefined;
}
