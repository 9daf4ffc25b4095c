/**
 * @plinth/features: Feature store: entities, feature views, point-in-time joins in DuckDB, online store, materialization.
 *
 * @packageDocumentation
 */
export {};
