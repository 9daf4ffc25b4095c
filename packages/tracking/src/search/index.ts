/**
 * `@plinth/tracking/search`: the pure parsers behind `searchRuns`, for checking a filter or an order-by before
 * sending it (a form, a CLI). A subpath of its own, so a page that only logs runs does not carry the filter
 * engine: `searchRuns` loads it on first use.
 *
 * @packageDocumentation
 */
export { type Clause, type Comparator, parseFilter } from './filter.ts';
export type { EntityType, Identifier } from './identifiers.ts';
export { type OrderKey, parseOrderBy } from './order.ts';
