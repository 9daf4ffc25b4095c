import {
  type FilterClause,
  type FilterComparator,
  parseFilter as parseWithSchema,
} from '@plinth/core/filter';
import { type EntityType, RUN_FILTER_SCHEMA } from './identifiers.ts';

/** A comparison operator of the filter grammar. */
export type Comparator = FilterComparator;

/** One clause of a filter: `<identifier> <comparator> <value>`. */
export type Clause = FilterClause<EntityType>;

/**
 * Parses an MLflow search filter over runs: clauses joined by `and`, each `<identifier> <comparator>
 * <value>`, with the grammar and LIKE rules of `@plinth/core/filter`. An empty or blank filter is no clause
 * (everything matches). Status values are upper-cased, as MLflow stores them.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` with `details.position` and `details.token` at the offending token,
 *   or naming `filter` when it is not a string.
 * @example
 * ```ts
 * parseFilter("metrics.acc > 0.9 and params.model = 'mlp'");
 * ```
 */
export function parseFilter(input: unknown): Clause[] {
  return parseWithSchema(input, RUN_FILTER_SCHEMA).map((clause) => {
    if (clause.entity !== 'attribute' || clause.key !== 'status') return clause;
    if (clause.comparator === 'LIKE' || clause.comparator === 'ILIKE') return clause;
    const value = Array.isArray(clause.value)
      ? clause.value.map((item) => String(item).toUpperCase())
      : String(clause.value).toUpperCase();
    return { ...clause, value };
  });
}
