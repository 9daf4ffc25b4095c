import type { CheckedTensor } from '../model/input-check.ts';
import { setOwn } from '../model/session-model.ts';
import type { ModelOutputs, TensorValue } from '../model/types.ts';

type Data = TensorValue['data'];

/** Stacks one input of several requests along dim 0 (all share the other dims). */
export function concatRows(parts: readonly CheckedTensor[]): TensorValue {
  const first = parts[0]!;
  let rows = 0;
  let length = 0;
  for (const part of parts) {
    rows += part.dims[0]!;
    length += part.data.length;
  }
  const dims = [rows, ...first.dims.slice(1)];
  if (!ArrayBuffer.isView(first.data)) {
    const out: unknown[] = [];
    for (const part of parts) for (const item of part.data as readonly unknown[]) out.push(item);
    return { data: out as Data, dims };
  }
  const ctor = first.data.constructor as new (
    length: number,
  ) => Data & { set(source: Data, offset: number): void };
  const out = new ctor(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part.data, offset);
    offset += part.data.length;
  }
  return { data: out, dims };
}

/**
 * Splits batched outputs back into one result per request, given each request's row count; `undefined` when an
 * output's first dimension is not the batch's row count (the model does not return one row per input row).
 */
export function splitRows(outputs: ModelOutputs, rowCounts: readonly number[]): ModelOutputs[] | undefined {
  const total = rowCounts.reduce((a, b) => a + b, 0);
  const results: Record<string, TensorValue>[] = rowCounts.map(() => ({}));
  for (const name of Object.keys(outputs)) {
    const tensor = outputs[name]!;
    if (tensor.dims.length === 0 || tensor.dims[0] !== total) return undefined;
    const rest = tensor.dims.slice(1);
    const rowSize = total === 0 ? 0 : tensor.data.length / total;
    let row = 0;
    rowCounts.forEach((count, index) => {
      const data = tensor.data.slice(row * rowSize, (row + count) * rowSize) as Data;
      setOwn(results[index]!, name, { data, dims: [count, ...rest] });
      row += count;
    });
  }
  return results;
}
