/**
 * `@plinth/registry/search`: the pure filter parser behind `searchVersions`, for checking a filter before
 * sending it. A subpath of its own, so a page that reads models does not carry the filter engine:
 * `searchVersions` loads it on first use.
 *
 * @packageDocumentation
 */
export { type FilterClause, type FilterOperator, parseFilter } from './filter.ts';
