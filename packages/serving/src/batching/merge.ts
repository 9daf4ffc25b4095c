// Stacking queued requests into one batch and splitting the batch's outputs back. This is the batcher's
// per-request path: plain loops, one output array per input, views instead of copies on the way back.
import { markOwned } from '../internal/owned-buffers.ts';
import type { CheckedTensor } from '../model/input-check.ts';
import { setOwn } from '../model/session-model.ts';
import type { ModelOutputs, TensorValue } from '../model/types.ts';

type Data = TensorValue['data'];
type TypedData = Exclude<Data, readonly string[] | readonly boolean[]>;

/** What the merge reads of a queued request: its checked inputs (signature order) and its row count. */
export interface Stackable {
  readonly checked: readonly CheckedTensor[];
  readonly rows: number;
}

/**
 * Stacks input `index` of the requests along dim 0 (all share the other dims; `rows` in all) into one new array
 * of the input's type (a plain array for strings and booleans).
 */
export function concatRows(entries: readonly Stackable[], index: number, rows: number): TensorValue {
  const first = entries[0]!.checked[index]!;
  const dims = first.dims.slice();
  dims[0] = rows;
  if (!ArrayBuffer.isView(first.data)) {
    const out: unknown[] = [];
    for (let at = 0; at < entries.length; at++) {
      for (const item of entries[at]!.checked[index]!.data as readonly unknown[]) out.push(item);
    }
    return { data: out as Data, dims };
  }
  const rowSize = first.dims[0] === 0 ? 0 : first.data.length / first.dims[0]!;
  const Ctor = first.data.constructor as new (
    length: number,
  ) => TypedData & {
    set(source: Data, offset: number): void;
  };
  const out = new Ctor(rows * rowSize);
  markOwned(out.buffer);
  let offset = 0;
  for (let at = 0; at < entries.length; at++) {
    const data = entries[at]!.checked[index]!.data;
    out.set(data, offset);
    offset += data.length;
  }
  return { data: out, dims };
}

/**
 * Splits batched outputs back into one result per request (each with its `rows`, `total` in all): typed arrays as views of the batch's array (no copy), plain arrays as slices; requests with the same
 * row count share one frozen dims array. `undefined` when an output's first dimension is not the batch's row
 * count (the model does not return one row per input row).
 */
export function splitRows(
  outputs: ModelOutputs,
  entries: readonly Stackable[],
  total: number,
): ModelOutputs[] | undefined {
  const count = entries.length;
  const names = Object.keys(outputs);
  for (const name of names) {
    const dims = outputs[name]!.dims;
    if (dims.length === 0 || dims[0] !== total) return undefined;
  }
  const results = new Array<ModelOutputs>(count);
  for (let at = 0; at < count; at++) results[at] = {};
  for (const name of names) {
    const { data, dims } = outputs[name]!;
    const rowSize = total === 0 ? 0 : data.length / total;
    const typed = ArrayBuffer.isView(data);
    // dims by row count: [rows, ...rest], frozen because results share them
    const shared = new Map<number, readonly number[]>();
    let offset = 0;
    for (let at = 0; at < count; at++) {
      const rows = entries[at]!.rows;
      let partDims = shared.get(rows);
      if (partDims === undefined) {
        const made = dims.slice();
        made[0] = rows;
        partDims = Object.freeze(made);
        shared.set(rows, partDims);
      }
      const end = offset + rows * rowSize;
      const part = typed ? (data as TypedData).subarray(offset, end) : data.slice(offset, end);
      setOwn(results[at] as Record<string, TensorValue>, name, { data: part as Data, dims: partDims });
      offset = end;
    }
  }
  return results;
}
