// Which table columns feed each model input, and which columns the predictions go to.
import type { Signature, TensorSpec } from '@plinth/core';
import { describe, errors } from '../deployment/errors.ts';
import type { TensorValue } from '../model/types.ts';

/** A model input and the columns it is built from. */
export interface InputColumns {
  readonly spec: TensorSpec;
  readonly columns: readonly string[];
  /** Rank-1 inputs take one column as a vector; rank-2 inputs a table of columns. */
  readonly vector: boolean;
}

/** Maps each signature input to table columns. @throws {PlinthError} `PLINTH_VALIDATION` for missing columns. */
export function inputColumns(
  signature: Signature,
  available: readonly string[],
  mapping: Readonly<Record<string, string | readonly string[]>> | undefined,
): InputColumns[] {
  const specs = signature.inputs as TensorSpec[];
  return specs.map((spec) => {
    const rank = spec.shape?.length ?? 2;
    let columns: readonly string[];
    if (mapping && Object.hasOwn(mapping, spec.name)) {
      const given = mapping[spec.name]!;
      columns = typeof given === 'string' ? [given] : given;
    } else if (available.includes(spec.name)) columns = [spec.name];
    else if (specs.length === 1 && rank === 2) columns = available;
    else {
      throw errors.invalid('scoreBatch', {
        path: `inputs.${spec.name}`,
        message: `no column is named ${describe(spec.name)}; map it with inputs: { ${spec.name}: [columns] }`,
      });
    }
    for (const column of columns) {
      if (!available.includes(column)) {
        throw errors.invalid('scoreBatch', {
          path: `inputs.${spec.name}`,
          message: `the input has no column ${describe(column)}; columns: ${available.slice(0, 20).join(', ')}`,
        });
      }
    }
    if (rank === 1 && columns.length !== 1) {
      throw errors.invalid('scoreBatch', {
        path: `inputs.${spec.name}`,
        message: 'a rank-1 input takes exactly one column',
      });
    }
    const width = spec.shape?.[1];
    if (rank === 2 && width !== undefined && width >= 0 && columns.length !== width) {
      throw errors.invalid('scoreBatch', {
        path: `inputs.${spec.name}`,
        message: `input ${describe(spec.name)} takes ${width} columns, got ${columns.length}; map them with inputs`,
      });
    }
    return { spec, columns, vector: rank === 1 };
  });
}

/** Prediction column names of one output: `<prefix><name>`, or `<prefix><name>_<j>` for a width k > 1. */
export function outputColumnNames(prefix: string, name: string, width: number): string[] {
  return width === 1
    ? [`${prefix}${name}`]
    : Array.from({ length: width }, (_, j) => `${prefix}${name}_${j}`);
}

type Column = { name: string; parts: unknown[][] | ArrayLike<unknown>[] };

/** Collects the outputs of each chunk into prediction columns. */
export function outputCollector(prefix: string, taken: readonly string[]) {
  const columns: Column[] = [];
  const byOutput = new Map<string, Column[]>();
  return {
    columns,
    add(outputs: Readonly<Record<string, TensorValue>>, rows: number) {
      for (const [name, value] of Object.entries(outputs)) {
        const width = rows === 0 ? 1 : value.data.length / rows;
        let targets = byOutput.get(name);
        if (!targets) {
          targets = outputColumnNames(prefix, name, width).map((column) => ({ name: column, parts: [] }));
          for (const target of targets) {
            if (taken.includes(target.name) || columns.some((other) => other.name === target.name)) {
              throw errors.invalid('scoreBatch', {
                path: 'outputPrefix',
                message: `prediction column ${describe(target.name)} would overwrite a column; set outputPrefix`,
              });
            }
          }
          byOutput.set(name, targets);
          columns.push(...targets);
        }
        if (targets.length !== width) {
          throw errors.error('PLINTH_INFERENCE', `output "${name}" changed width between chunks`);
        }
        const data = value.data as ArrayLike<unknown> & { slice?: unknown };
        if (width === 1) (targets[0]!.parts as ArrayLike<unknown>[]).push(data);
        else {
          for (const [j, target] of targets.entries()) {
            const part = new Array(rows);
            for (let row = 0; row < rows; row++) part[row] = data[row * width + j];
            (target.parts as unknown[][]).push(part);
          }
        }
      }
    },
  };
}

/** Concatenates the parts of a column into one array of the first part's kind. */
export function concatParts(parts: readonly ArrayLike<unknown>[]): ArrayLike<unknown> {
  const first = parts[0];
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  if (first && ArrayBuffer.isView(first)) {
    const Typed = (
      first as unknown as {
        constructor: new (length: number) => { set(a: ArrayLike<unknown>, o: number): void };
      }
    ).constructor;
    const out = new Typed(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out as unknown as ArrayLike<unknown>;
  }
  const out: unknown[] = [];
  for (const part of parts) for (let index = 0; index < part.length; index++) out.push(part[index]);
  return out;
}
