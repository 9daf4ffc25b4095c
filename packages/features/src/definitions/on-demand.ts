import { checkFunction, checkOptions, describe, invalid, isPlainObject } from '../errors.ts';
import { checkViewName, type FeatureView, isFeatureView } from './feature-view.ts';
import { checkFeatures, type FeatureSpec, type FeaturesInput } from './features-spec.ts';

/** A value an on-demand transform reads or returns. */
export type FeatureValue = string | number | bigint | boolean | Date | null;

/**
 * The input of an on-demand transform for one row: every feature of every source view under its full name
 * (`driver_stats__conv_rate`) and, when no other source or request field has the same name, its bare name
 * (`conv_rate`); every request field under its name. Own-key object (no prototype).
 */
export type OnDemandInput = Readonly<Record<string, FeatureValue | undefined>>;

/** An on-demand transform: one row in, the view's features out (missing outputs are null). */
export type OnDemandTransform = (input: OnDemandInput) => Readonly<Record<string, FeatureValue | undefined>>;

/** A feature view computed at request time from other views' features and request fields. */
export interface OnDemandFeatureView {
  readonly kind: 'onDemandFeatureView';
  readonly name: string;
  /** Views whose features the transform reads (all of their features are fetched). */
  readonly sources: readonly FeatureView[];
  /** Fields the caller supplies with each entity row (offline: entity-table columns). */
  readonly requestFields: readonly FeatureSpec[];
  /** Output features. */
  readonly features: readonly FeatureSpec[];
  /** The transform; the same function runs after the offline join and after the online lookup. */
  readonly transform: OnDemandTransform;
}

/** Options of {@link defineOnDemandFeatureView}. */
export interface OnDemandFeatureViewOptions {
  name: string;
  /** Source views (at least one view or one request field in all). @default [] */
  sources?: readonly FeatureView[];
  /** Request-time fields and their types. @default {} */
  requestFields?: FeaturesInput;
  /** Output features and their types. */
  features: FeaturesInput;
  /** Row transform. */
  transform: OnDemandTransform;
}

/**
 * Defines an on-demand feature view: a TypeScript transform over joined features and request-time fields, run
 * after `getHistoricalFeatures`' join and after `getOnlineFeatures`' lookup alike (no training/serving skew).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on a bad name, a source that is not a feature view, no inputs, or a
 * transform that is not a function.
 * @example
 * ```ts
 * const adjusted = defineOnDemandFeatureView({
 *   name: 'adjusted', sources: [driverStats], requestFields: { bonus: 'float64' },
 *   features: { conv_plus_bonus: 'float64' },
 *   transform: (row) => ({ conv_plus_bonus: (row.conv_rate as number) + (row.bonus as number) }),
 * });
 * ```
 */
export function defineOnDemandFeatureView(options: OnDemandFeatureViewOptions): OnDemandFeatureView {
  const checked = checkOptions<OnDemandFeatureViewOptions>(
    options,
    ['name', 'sources', 'requestFields', 'features', 'transform'],
    'defineOnDemandFeatureView options',
  );
  const name = checkViewName(checked.name);
  const sources = checked.sources ?? [];
  if (!Array.isArray(sources) || !sources.every(isFeatureView)) {
    throw invalid(
      `on-demand view ${name}: sources must be a list of feature views, got ${describe(sources)}`,
    );
  }
  if (new Set(sources.map((view) => view.name)).size !== sources.length) {
    throw invalid(`on-demand view ${name}: two sources share a name; rename one with withName()`);
  }
  const requestFields = checkFeatures(
    checked.requestFields ?? {},
    `on-demand view ${name} requestFields`,
    true,
  );
  if (sources.length === 0 && requestFields.length === 0) {
    throw invalid(`on-demand view ${name} needs at least one source view or request field`);
  }
  const features = checkFeatures(checked.features, `on-demand view ${name} features`);
  checkFunction(checked.transform, `on-demand view ${name} transform`);
  if (typeof checked.transform !== 'function') throw invalid(`on-demand view ${name}: transform is required`);
  return Object.freeze({
    kind: 'onDemandFeatureView',
    name,
    sources: Object.freeze([...sources]),
    requestFields,
    features,
    transform: checked.transform,
  });
}

/** True when `value` is an {@link OnDemandFeatureView}. */
export function isOnDemandFeatureView(value: unknown): value is OnDemandFeatureView {
  return isPlainObject(value) && value.kind === 'onDemandFeatureView';
}
