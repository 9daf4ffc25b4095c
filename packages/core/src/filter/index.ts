/**
 * `@plinth/core/filter`: the one MLflow search-filter engine every Plinth package uses. A package gives
 * its table of fields ({@link FilterSchema}); the engine lexes, parses and matches. Machinery for package
 * authors, not an end-user API.
 *
 * @packageDocumentation
 */
export { compileLike, foldCase, type LikeMatcher } from './like.ts';
export { compileClause, type ValueMatcher } from './match.ts';
export { parseFilter } from './parse-filter.ts';
export { parseOrderBy } from './parse-order-by.ts';
export {
  type FilterClause,
  type FilterComparator,
  type FilterEntity,
  type FilterField,
  type FilterSchema,
  type FilterValueType,
  MAX_FILTER_CLAUSES,
  MAX_FILTER_LENGTH,
  NUMBER_COMPARATORS,
  type OrderByKey,
  STRING_COMPARATORS,
  STRING_LIST_COMPARATORS,
} from './schema.ts';
export { type FilterToken, filterSyntaxError, tokenize } from './tokens.ts';
