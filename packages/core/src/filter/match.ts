import { compileLike } from './like.ts';
import type { FilterClause } from './schema.ts';

const ORDER_TESTS: Record<'<' | '<=' | '>' | '>=', (actual: number, expected: number) => boolean> = {
  '<': (actual, expected) => actual < expected,
  '<=': (actual, expected) => actual <= expected,
  '>': (actual, expected) => actual > expected,
  '>=': (actual, expected) => actual >= expected,
};

/** A compiled clause: true when a field's value (`undefined` when the entity lacks it) satisfies it. */
export type ValueMatcher = (actual: string | number | undefined) => boolean;

/**
 * Compiles one clause into a test of a single value. A missing value (`undefined`) satisfies only
 * `IS NULL`, never `!=` or `NOT IN` (MLflow's rule). Numbers compare numerically (NaN satisfies only
 * `!=`), strings by UTF-16 code units; `LIKE`/`ILIKE` use {@link compileLike}; lists use a `Set`.
 *
 * @example
 * ```ts
 * const test = compileClause({ entity: 'tag', key: 'team', comparator: 'LIKE', value: 'ri%' });
 * test('risk'); // true
 * ```
 */
export function compileClause(clause: Pick<FilterClause, 'comparator' | 'value'>): ValueMatcher {
  const { comparator, value } = clause;
  switch (comparator) {
    case 'IS NULL':
      return (actual) => actual === undefined;
    case 'IS NOT NULL':
      return (actual) => actual !== undefined;
    case 'LIKE':
    case 'ILIKE': {
      const like = compileLike(String(value), comparator === 'ILIKE');
      return (actual) => typeof actual === 'string' && like(actual);
    }
    case 'IN':
    case 'NOT IN': {
      const set = new Set<string | number>(Array.isArray(value) ? value : [value as string | number]);
      const wanted = comparator === 'IN';
      return (actual) => actual !== undefined && set.has(actual) === wanted;
    }
    case '=':
      return (actual) => actual !== undefined && actual === value;
    case '!=':
      return (actual) => actual !== undefined && typeof actual === typeof value && actual !== value;
    default: {
      const test = ORDER_TESTS[comparator];
      return (actual) =>
        actual !== undefined && typeof actual === typeof value && test(actual as number, value as number);
    }
  }
}
