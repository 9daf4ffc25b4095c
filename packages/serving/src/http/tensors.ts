// Open Inference Protocol v2 tensors (JSON) to and from the tensor values a model takes and returns.
import type { TensorDtype, TensorSpec } from '@plinth/core';
import type { TensorValue } from '../model/types.ts';

/** OIP datatype of each tensor element type. */
export const DATATYPE_OF: Readonly<Record<TensorDtype, string>> = {
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  bool: 'BOOL',
  string: 'BYTES',
};

/** A malformed tensor: the message goes back in a 400 body. */
export class TensorError extends Error {}

const MAX_ELEMENTS = 50_000_000;
const MAX_RANK = 32;

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  INT8: [-128, 127],
  INT16: [-32_768, 32_767],
  INT32: [-2_147_483_648, 2_147_483_647],
  UINT8: [0, 255],
  UINT16: [0, 65_535],
  UINT32: [0, 4_294_967_295],
};
const TYPED = {
  FP32: Float32Array,
  FP64: Float64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
} as const;

/** Checks an OIP `shape`: at most 32 whole sizes ≥ 0; returns the element count. */
export function elementCount(shape: unknown, where: string): number {
  if (!Array.isArray(shape) || shape.length > MAX_RANK) {
    throw new TensorError(`${where}.shape must be an array of at most ${MAX_RANK} sizes`);
  }
  let count = 1;
  for (const size of shape) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      throw new TensorError(`${where}.shape must hold whole sizes ≥ 0`);
    }
    count *= size;
    if (count > MAX_ELEMENTS) throw new TensorError(`${where} has more than ${MAX_ELEMENTS} elements`);
  }
  return count;
}

/** The elements of `data`, flat (OIP allows row-major nested arrays too). */
function flatten(data: unknown, where: string, limit: number): unknown[] {
  if (!Array.isArray(data)) throw new TensorError(`${where}.data must be an array (flat or nested)`);
  const out: unknown[] = [];
  const walk = (value: unknown[], depth: number) => {
    if (depth > MAX_RANK) throw new TensorError(`${where}.data is nested deeper than ${MAX_RANK}`);
    for (const item of value) {
      if (Array.isArray(item)) walk(item, depth + 1);
      else {
        if (out.length >= limit) throw new TensorError(`${where}.data has more elements than its shape`);
        out.push(item);
      }
    }
  };
  walk(data, 0);
  return out;
}

/** One OIP request input as a tensor value. */
export function decodeTensor(input: Record<string, unknown>, where: string): TensorValue {
  const count = elementCount(input.shape, where);
  const datatype = input.datatype;
  if (typeof datatype !== 'string')
    throw new TensorError(`${where}.datatype must be a string (FP32, INT64, …)`);
  const cells = flatten(input.data, where, count);
  if (cells.length !== count) {
    throw new TensorError(
      `${where}.data has ${cells.length} elements; shape ${JSON.stringify(input.shape)} wants ${count}`,
    );
  }
  const dims = input.shape as number[];
  const bad = (index: number, wants: string): never => {
    throw new TensorError(`${where}.data[${index}] must be ${wants}`);
  };
  if (datatype === 'BYTES') {
    for (const [index, cell] of cells.entries()) if (typeof cell !== 'string') bad(index, 'a string');
    return { data: cells as string[], dims };
  }
  if (datatype === 'BOOL') {
    for (const [index, cell] of cells.entries()) if (typeof cell !== 'boolean') bad(index, 'true or false');
    return { data: cells as boolean[], dims };
  }
  if (datatype === 'INT64' || datatype === 'UINT64') {
    const data = datatype === 'INT64' ? new BigInt64Array(count) : new BigUint64Array(count);
    const [min, max] = datatype === 'INT64' ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
    for (const [index, cell] of cells.entries()) {
      let value: bigint | undefined;
      if (typeof cell === 'number' && Number.isSafeInteger(cell)) value = BigInt(cell);
      else if (typeof cell === 'string' && /^-?\d{1,20}$/.test(cell)) value = BigInt(cell);
      if (value === undefined || value < min || value > max) {
        bad(index, `a whole number within ${datatype} (a safe integer, or a decimal string)`);
      }
      data[index] = value!;
    }
    return { data, dims };
  }
  const Typed = TYPED[datatype as keyof typeof TYPED];
  if (!Typed) {
    throw new TensorError(
      `${where}.datatype ${JSON.stringify(datatype.slice(0, 20))} is not supported; use one of BOOL, BYTES, FP32, FP64, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64`,
    );
  }
  const range = INTEGER_RANGES[datatype];
  const data = new Typed(count);
  for (const [index, cell] of cells.entries()) {
    if (typeof cell !== 'number') bad(index, 'a number');
    const number = cell as number;
    if (range && !(Number.isInteger(number) && number >= range[0] && number <= range[1])) {
      bad(index, `a whole number in [${range[0]}, ${range[1]}]`);
    }
    data[index] = number;
  }
  return { data, dims };
}

/** The OIP datatype of an output: from its spec, else from its data. */
function datatypeOf(value: TensorValue, spec: TensorSpec | undefined): string {
  if (spec) return DATATYPE_OF[spec.dtype];
  const { data } = value;
  if (data instanceof Float32Array) return 'FP32';
  if (data instanceof Float64Array) return 'FP64';
  if (data instanceof BigInt64Array) return 'INT64';
  if (data instanceof BigUint64Array) return 'UINT64';
  if (data instanceof Int32Array) return 'INT32';
  if (data instanceof Int16Array) return 'INT16';
  if (data instanceof Int8Array) return 'INT8';
  if (data instanceof Uint32Array) return 'UINT32';
  if (data instanceof Uint16Array) return 'UINT16';
  if (data instanceof Uint8Array) return 'UINT8';
  return typeof data[0] === 'boolean' ? 'BOOL' : 'BYTES';
}

/** One model output as an OIP response output. 64-bit integers become JSON numbers (exact up to 2^53). */
export function encodeTensor(name: string, value: TensorValue, spec: TensorSpec | undefined) {
  const datatype = datatypeOf(value, spec);
  const data = Array.from(value.data as ArrayLike<unknown>, (cell) =>
    typeof cell === 'bigint' ? Number(cell) : datatype === 'BOOL' ? Boolean(cell) : cell,
  );
  return { name, datatype, shape: [...value.dims], data };
}
