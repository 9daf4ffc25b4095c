import { errors } from './errors.ts';
import type { OnlineValue, OnlineWriteBatch } from './port.ts';

/** True when every column is a `Float64Array` (then the concatenation is one too). */
const allDoubles = (columns: readonly ArrayLike<unknown>[]) =>
  columns.every((column) => column instanceof Float64Array);

function concatColumn<T>(columns: readonly ArrayLike<T>[], total: number): ArrayLike<T> {
  if (allDoubles(columns)) {
    const out = new Float64Array(total);
    let at = 0;
    for (const column of columns as unknown as Float64Array[]) {
      out.set(column, at);
      at += column.length;
    }
    return out as unknown as ArrayLike<T>;
  }
  const out: T[] = new Array(total);
  let at = 0;
  for (const column of columns) for (let i = 0; i < column.length; i++) out[at++] = column[i]!;
  return out;
}

/**
 * One batch holding the rows of `batches`, in order (writing it has the result of writing them one by one).
 * @throws {PlinthError} `PLINTH_VALIDATION` when the batches name different views or feature lists.
 */
export function concatBatches(batches: readonly OnlineWriteBatch[]): OnlineWriteBatch {
  const [first] = batches;
  if (first === undefined) throw new Error('unreachable: no batches');
  if (batches.length === 1) return first;
  for (const batch of batches) {
    const same =
      typeof batch === 'object' &&
      batch !== null &&
      batch.view?.name === first.view?.name &&
      Array.isArray(batch.features) &&
      batch.features.length === first.features.length &&
      batch.features.every((name, f) => name === first.features[f]);
    if (!same) {
      throw errors.invalid('online write batches', {
        path: 'batches',
        message: 'writeAll takes batches of one view with the same features, in the same order',
      });
    }
  }
  const total = batches.reduce((sum, batch) => sum + (Number(batch.length) || 0), 0);
  const slice = <T>(pick: (batch: OnlineWriteBatch) => ArrayLike<T>) =>
    batches.map((batch) => {
      const column = pick(batch);
      return column && column.length > batch.length && Array.isArray(column)
        ? column.slice(0, batch.length)
        : column;
    });
  const hasCreated = batches.some(
    (batch) => batch.createdTimestamps !== undefined && batch.createdTimestamps !== null,
  );
  return {
    view: first.view,
    length: total,
    keys: concatColumn(
      slice((batch) => batch.keys),
      total,
    ),
    features: first.features,
    values: first.features.map((_, f) =>
      concatColumn<OnlineValue>(
        slice((batch) => batch.values[f]!),
        total,
      ),
    ),
    eventTimestamps: concatColumn(
      slice((batch) => batch.eventTimestamps),
      total,
    ),
    createdTimestamps: hasCreated
      ? concatColumn<number | null>(
          slice((batch) => batch.createdTimestamps ?? new Array<null>(batch.length).fill(null)),
          total,
        )
      : null,
  };
}
