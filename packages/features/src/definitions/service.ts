import { checkOptions, describe, invalid, isPlainObject } from '../errors.ts';
import { type FeatureView, isFeatureView } from './feature-view.ts';
import { checkName } from './names.ts';
import { isOnDemandFeatureView, type OnDemandFeatureView } from './on-demand.ts';

/** One entry of a feature service: a `view:feature` reference, a whole view, or some features of a view. */
export type FeatureServiceEntry =
  | string
  | FeatureView
  | OnDemandFeatureView
  | { readonly view: FeatureView | OnDemandFeatureView | string; readonly features: readonly string[] };

/** A named set of features, usable with `getHistoricalFeatures` and `getOnlineFeatures`. */
export interface FeatureService {
  readonly kind: 'featureService';
  readonly name: string;
  /** The features as `view:feature` references, in order. */
  readonly features: readonly string[];
}

/** Options of {@link defineFeatureService}. */
export interface FeatureServiceOptions {
  name: string;
  features: readonly FeatureServiceEntry[];
}

/**
 * Defines a feature service.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on a bad name, an empty list, a malformed entry or a repeated feature.
 * @example
 * ```ts
 * const service = defineFeatureService({ name: 'driver_ranking', features: [driverStats, 'origin_stats:conv_rate'] });
 * ```
 */
export function defineFeatureService(options: FeatureServiceOptions): FeatureService {
  const checked = checkOptions<FeatureServiceOptions>(
    options,
    ['name', 'features'],
    'defineFeatureService options',
  );
  const name = checkName(checked.name, 'feature service name');
  if (!Array.isArray(checked.features) || checked.features.length === 0) {
    throw invalid(`feature service ${name}: features must be a non-empty list`);
  }
  const refs: string[] = [];
  const add = (ref: string) => {
    if (refs.includes(ref)) throw invalid(`feature service ${name} lists ${ref} twice`);
    refs.push(ref);
  };
  for (const entry of checked.features as unknown[]) {
    if (typeof entry === 'string') {
      parseFeatureRef(entry);
      add(entry);
    } else if (isFeatureView(entry) || isOnDemandFeatureView(entry)) {
      for (const feature of entry.features) add(`${entry.name}:${feature.name}`);
    } else if (isPlainObject(entry) && Array.isArray(entry.features)) {
      const view = entry.view;
      const viewName =
        typeof view === 'string' ? view : isPlainObject(view) ? (view.name as string) : undefined;
      for (const feature of entry.features as unknown[]) {
        const ref = `${viewName}:${feature}`;
        parseFeatureRef(ref);
        add(ref);
      }
    } else {
      throw invalid(
        `feature service ${name}: bad entry ${describe(entry)}; use 'view:feature', a view, or { view, features }`,
      );
    }
  }
  return Object.freeze({ kind: 'featureService', name, features: Object.freeze(refs) });
}

/** True when `value` is a {@link FeatureService}. */
export function isFeatureService(value: unknown): value is FeatureService {
  return isPlainObject(value) && value.kind === 'featureService';
}

/**
 * Splits a `view:feature` reference.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when it is not two names joined by one `:`.
 */
export function parseFeatureRef(ref: unknown): { view: string; feature: string } {
  if (typeof ref !== 'string' || ref.length > 300) {
    throw invalid(`a feature reference must be a 'view:feature' string, got ${describe(ref)}`);
  }
  const parts = ref.split(':');
  if (parts.length !== 2) throw invalid(`feature reference ${describe(ref)} must be 'view:feature'`);
  return {
    view: checkName(parts[0], `view of feature reference ${JSON.stringify(ref)}`),
    feature: checkName(parts[1], `feature of feature reference ${JSON.stringify(ref)}`),
  };
}
