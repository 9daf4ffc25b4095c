import { parseOrderBy as parseWithSchema } from '@plinth/core/filter';
import type { Run } from '../schemas/run.ts';
import { attributeOf, ownValue } from './evaluate.ts';
import { type Identifier, RUN_ORDER_SCHEMA } from './identifiers.ts';

/** One order-by key. */
export interface OrderKey extends Identifier {
  descending: boolean;
}

/**
 * A sort key of one run: per order key a rank (0 value, 1 NaN, 2 missing) and a value, then the
 * tie-breakers `start_time DESC, run_id ASC`.
 */
export type SortTuple = Array<number | string>;

/**
 * Parses order-by keys such as `metrics.acc DESC` or `` params.`model type` ``, ASC by default. Takes a
 * string or an array of strings; each string holds one key or several separated by commas.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` pointing at the offending token, or naming `orderBy` when it is
 *   neither a string nor an array of strings.
 * @example
 * ```ts
 * parseOrderBy(['metrics.acc DESC', 'params.lr']);
 * ```
 */
export function parseOrderBy(input: unknown): OrderKey[] {
  return parseWithSchema(input, RUN_ORDER_SCHEMA);
}

function orderValue(run: Run, key: OrderKey): number | string | undefined {
  switch (key.entity) {
    case 'metric':
      return ownValue(run.metrics, key.key)?.value;
    case 'param':
      return ownValue(run.params, key.key);
    case 'tag':
      return ownValue(run.tags, key.key);
    default:
      return attributeOf(run, key.key);
  }
}

/**
 * The sort tuple of a run. Missing values sort last and NaN after every number, in both directions
 * (MLflow's rule); ties fall back to `start_time DESC` then `run_id ASC`, so the order is total.
 */
export function sortTuple(run: Run, keys: readonly OrderKey[]): SortTuple {
  const tuple: SortTuple = [];
  for (const key of keys) {
    const value = orderValue(run, key);
    if (value === undefined) tuple.push(2, 0);
    else if (typeof value === 'number' && Number.isNaN(value)) tuple.push(1, 0);
    else tuple.push(0, value);
  }
  tuple.push(run.startTime, run.id);
  return tuple;
}

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const left = String(a);
  const right = String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Compares two sort tuples made by {@link sortTuple} with the same keys. */
export function compareTuples(a: SortTuple, b: SortTuple, keys: readonly OrderKey[]): number {
  for (let index = 0; index < keys.length; index++) {
    const rank = (a[index * 2] as number) - (b[index * 2] as number);
    if (rank !== 0) return rank;
    if (a[index * 2] !== 0) continue;
    const order = compareValues(a[index * 2 + 1]!, b[index * 2 + 1]!);
    if (order !== 0) return keys[index]!.descending ? -order : order;
  }
  const base = keys.length * 2;
  const start = compareValues(b[base]!, a[base]!);
  if (start !== 0) return start;
  return compareValues(a[base + 1]!, b[base + 1]!);
}
