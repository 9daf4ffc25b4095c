import type { Signature, TensorDtype } from '@plinth/core';
import { errors } from '../internal/errors.ts';
import { DTYPE_ARRAY, describeData, describeValue, type TensorData, toCell } from './dtypes.ts';
import { formatShape, type TensorSpecOf, tensorSpecs } from './tensor-spec.ts';
import type { ModelInputs } from './types.ts';

/** One checked input: the signature's dtype, flat data of that dtype, and its dims. */
export interface CheckedTensor {
  readonly name: string;
  readonly dtype: TensorDtype;
  readonly data: TensorData;
  readonly dims: readonly number[];
}

/** Checks and normalizes `predict` inputs against a signature; returns the inputs in signature order. */
export type InputCheck = (inputs: ModelInputs) => CheckedTensor[];

/**
 * Compiles the input check of a signature once: input names, dtypes, ranks and static dimensions. Accepts per
 * input a `{ data, dims }` tensor, a flat typed array or array (shape from the signature), `number[][]` rows, or
 * an Apache Arrow table (its columns, in order, are the second dimension) or vector.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` (from the returned function) naming the input and what it wants.
 */
export function compileInputCheck(signature: Signature, subject = 'predict inputs'): InputCheck {
  const specs = tensorSpecs(signature.inputs);
  const names = specs.map((spec) => spec.name);
  const checks = specs.map((spec) => compileOne(spec, subject));
  const count = specs.length;
  return (inputs) => {
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw errors.invalid(subject, {
        path: '',
        message: `must be an object of inputs by name (${names.map((name) => `"${name}"`).join(', ')}), got ${describeValue(inputs)}`,
      });
    }
    const out = new Array<CheckedTensor>(count);
    for (let index = 0; index < count; index++) {
      const name = names[index]!;
      out[index] = checks[index]!(Object.hasOwn(inputs, name) ? inputs[name] : undefined);
    }
    let keys = 0;
    for (const key in inputs) if (Object.hasOwn(inputs, key)) keys++;
    if (keys !== count) {
      const extra = Object.keys(inputs).filter((key) => !names.includes(key));
      throw errors.invalid(subject, {
        path: extra[0] ?? '',
        message: `unknown input ${extra.map((key) => `"${key}"`).join(', ')}; the model takes ${names.map((name) => `"${name}"`).join(', ')}`,
      });
    }
    return out;
  };
}

function compileOne(spec: TensorSpecOf, subject: string): (value: unknown) => CheckedTensor {
  const { name, dtype, shape } = spec;
  const rank = shape.length;
  const ctor = DTYPE_ARRAY[dtype];
  const wants = `${dtype} data (${describeData(dtype)}) with shape ${formatShape(shape)}`;
  const fail = (got: string): never => {
    throw errors.invalid(subject, { path: name, message: `input "${name}" wants ${wants}; got ${got}` });
  };

  /** Accepts the data as it is when it already has the dtype's representation; else undefined. */
  const exactData = (data: unknown): TensorData | undefined => {
    if (ctor !== undefined) {
      if (data instanceof ctor) return data as TensorData;
      if (dtype === 'bool' && Array.isArray(data)) return fromPlain(data);
      return undefined;
    }
    if (!Array.isArray(data)) return undefined;
    for (const item of data) if (typeof item !== 'string') return undefined;
    return data as string[];
  };

  /** Converts a plain array of cells to the dtype's data, or fails naming the first bad cell. */
  const fromPlain = (cells: ArrayLike<unknown>): TensorData => {
    const length = cells.length;
    if (ctor === undefined) {
      const strings = new Array<string>(length);
      for (let i = 0; i < length; i++) {
        const cell = toCell(dtype, cells[i]);
        if (cell === undefined) fail(`${describeValue(cells[i])} at index ${i}`);
        strings[i] = cell as string;
      }
      return strings;
    }
    const data = new ctor(length);
    for (let i = 0; i < length; i++) {
      const cell = toCell(dtype, cells[i]);
      if (cell === undefined) fail(`${describeCell(cells[i])} at index ${i}`);
      (data as unknown as (number | bigint)[])[i] = cell as number | bigint;
    }
    return data as TensorData;
  };

  const checkDims = (dims: unknown, length: number): readonly number[] => {
    if (!Array.isArray(dims)) return fail(`dims ${describeValue(dims)}`);
    if (dims.length !== rank) return fail(`rank ${dims.length} (dims ${formatShape(dims)})`);
    let size = 1;
    for (let axis = 0; axis < rank; axis++) {
      const dim = dims[axis] as unknown;
      if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0)
        return fail(`dims ${formatShape(dims)} (dimension ${axis} is not a size)`);
      const want = shape[axis]!;
      if (want !== -1 && dim !== want) return fail(`dims ${formatShape(dims)}`);
      size *= dim;
    }
    if (size !== length) return fail(`${length} values for dims ${formatShape(dims)} (${size} expected)`);
    return dims;
  };

  /** Dims of flat data of `length` values: the one dynamic dimension is what is left. */
  const inferDims = (length: number): number[] => {
    if (rank === 0) return length === 1 ? [] : fail(`${length} values for a scalar`);
    let staticSize = 1;
    let dynamic = -1;
    for (let axis = 0; axis < rank; axis++) {
      if (shape[axis] !== -1) staticSize *= shape[axis]!;
      else if (dynamic === -1) dynamic = axis;
      else
        return fail(`flat data without dims; pass { data, dims } (the shape has several dynamic dimensions)`);
    }
    if (dynamic === -1)
      return length === staticSize ? [...shape] : fail(`${length} values (${staticSize} expected)`);
    if (staticSize === 0 || length % staticSize !== 0)
      return fail(`${length} values, not a multiple of ${staticSize}`);
    const dims = [...shape];
    dims[dynamic] = length / staticSize;
    return dims;
  };

  // flat data of one size after another (single rows, as a server sees them) share one frozen dims array
  let lastLength = -1;
  let lastDims: readonly number[] = [];
  /** Checked dims of flat data of `length` values. */
  const flatDims = (length: number): readonly number[] => {
    if (length !== lastLength) {
      lastDims = Object.freeze(checkDims(inferDims(length), length));
      lastLength = length;
    }
    return lastDims;
  };

  const fromRows = (rows: readonly unknown[]): CheckedTensor => {
    if (rank !== 2) return fail(`rows (number[][]); a rank-${rank} input takes { data, dims }`);
    const width = Array.isArray(rows[0]) ? rows[0].length : 0;
    if (shape[1] !== -1 && width !== shape[1]) return fail(`rows of ${width} values`);
    const flat: unknown[] = [];
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (!Array.isArray(row) || row.length !== width)
        return fail(
          `row ${r} ${Array.isArray(row) ? `of ${row.length} values` : describeValue(row)} (rows of ${width} expected)`,
        );
      for (const cell of row) flat.push(cell);
    }
    return { name, dtype, data: fromPlain(flat), dims: checkDims([rows.length, width], flat.length) };
  };

  const fromArrow = (value: ArrowLike): CheckedTensor => {
    if (isArrowTable(value)) {
      if (rank !== 2) return fail(`an Arrow table; a rank-${rank} input takes a vector or { data, dims }`);
      const columns: unknown[][] = [];
      for (let c = 0; c < value.numCols; c++) columns.push(arrowCells(value.getChildAt(c), fail));
      const rows = value.numRows;
      const flat = new Array<unknown>(rows * columns.length);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < columns.length; c++) flat[r * columns.length + c] = columns[c]![r];
      return { name, dtype, data: fromPlain(flat), dims: checkDims([rows, columns.length], flat.length) };
    }
    const cells = arrowCells(value, fail);
    return { name, dtype, data: fromPlain(cells), dims: checkDims(inferDims(cells.length), cells.length) };
  };

  return (value) => {
    if (value === undefined || value === null) return fail(`no value (missing input "${name}")`);
    const tensor = value as { data?: unknown; dims?: unknown };
    if (tensor.data !== undefined && tensor.dims !== undefined) {
      const data = exactData(tensor.data) ?? fail(describeValue(tensor.data));
      return { name, dtype, data, dims: checkDims(tensor.dims, data.length) };
    }
    if (ArrayBuffer.isView(value)) {
      const data = exactData(value) ?? fail(describeValue(value));
      return { name, dtype, data, dims: flatDims(data.length) };
    }
    if (Array.isArray(value)) {
      if (value.length > 0 && Array.isArray(value[0])) return fromRows(value);
      const data = exactData(value) ?? fromPlain(value);
      return { name, dtype, data, dims: flatDims(data.length) };
    }
    if (isArrowLike(value)) return fromArrow(value);
    return fail(describeValue(value));
  };
}

function describeCell(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return `a string`;
  return describeValue(value);
}

/** The parts of an Apache Arrow vector or table the check reads (duck-typed: Arrow is not imported). */
interface ArrowVectorLike {
  readonly length: number;
  readonly nullCount: number;
  toArray(): ArrayLike<unknown>;
}
interface ArrowTableLike {
  readonly numRows: number;
  readonly numCols: number;
  getChildAt(index: number): ArrowVectorLike | null;
}
type ArrowLike = ArrowVectorLike | ArrowTableLike;

function isArrowTable(value: ArrowLike): value is ArrowTableLike {
  return typeof (value as ArrowTableLike).getChildAt === 'function' && 'numCols' in value;
}

function isArrowLike(value: unknown): value is ArrowLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ArrowTableLike & ArrowVectorLike>;
  return (
    (typeof candidate.getChildAt === 'function' && typeof candidate.numCols === 'number') ||
    (typeof candidate.toArray === 'function' && typeof candidate.nullCount === 'number')
  );
}

function arrowCells(vector: ArrowVectorLike | null, fail: (got: string) => never): unknown[] {
  if (vector === null) return fail('an Arrow table with a missing column');
  if (vector.nullCount > 0) return fail(`an Arrow column with ${vector.nullCount} nulls (fill them first)`);
  return Array.from(vector.toArray());
}
