import type { ModelVersion } from '@plinth/registry';
import type { Model } from '../model/types.ts';
import { errors } from './errors.ts';

/** Loads and warms a registry version for a hot swap (replaced by `loadModel` once it exists). */
export async function defaultLoad(_registry: unknown, version: ModelVersion): Promise<Model> {
  throw errors.error(
    'PLINTH_UNSUPPORTED',
    `cannot load models:/${version.name}/${version.version} yet; pass watch.load`,
  );
}
