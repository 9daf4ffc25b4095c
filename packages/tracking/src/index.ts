/**
 * @plinth/tracking: Experiment tracking: experiments, runs, params, metrics, tags, artifacts, dataset inputs, search.
 *
 * @packageDocumentation
 */
export {};
