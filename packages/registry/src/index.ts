/**
 * @plinth/registry: Model registry: registered models, versions, aliases, model cards, lineage, integrity-checked artifacts.
 *
 * @packageDocumentation
 */
export {};
