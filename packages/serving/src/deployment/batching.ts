import type { Clock } from '@plinth/core';
import { createBatcher } from '../batching/create-batcher.ts';
import type { Model } from '../model/types.ts';
import type { DeploymentOptions } from './types.ts';

/**
 * Wraps a model in a dynamic batcher when `batching` is set (the model itself otherwise), on the deployment's
 * clock: a batched request's latency is the batcher's settle time minus the deployment's start.
 */
export function wrapForBatching(
  batching: DeploymentOptions['batching'],
  clock: Clock,
): (model: Model) => Model {
  if (batching === undefined) return (model) => model;
  // the deployment disposes base models itself (a caller's model stays the caller's until a swap retires it)
  return (model) => createBatcher(model, { ...batching, clock, disposeModel: false });
}
