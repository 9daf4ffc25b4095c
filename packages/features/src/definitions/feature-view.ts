import { checkOptions, checkString, describe, invalid, isPlainObject } from '../errors.ts';
import { type Entity, isEntity } from './entity.ts';
import { checkFeatures, type FeatureSpec, type FeaturesInput } from './features-spec.ts';
import { checkName } from './names.ts';
import type { FileSource } from './source.ts';
import { parseTtl, type Ttl } from './types.ts';

/** A feature view: features of some entities, read from a source, valid for `ttl` after their event time. */
export interface FeatureView {
  readonly kind: 'featureView';
  /** View name (the `view` in `view:feature` and `view__feature`). */
  readonly name: string;
  /** Entities the features describe; empty for a view joined on time only. */
  readonly entities: readonly Entity[];
  /** Join key columns of the source, in order (the entities' join keys). */
  readonly joinKeys: readonly string[];
  /** For each join key, the entity-table (or entity-row) column it is read from: the key itself unless mapped. */
  readonly entityColumns: readonly string[];
  /** Time to live in ms, or null when unbounded. */
  readonly ttlMs: number | null;
  /** Where the feature rows are. */
  readonly source: FileSource;
  /** Features, in order. */
  readonly features: readonly FeatureSpec[];
  /** Free text. */
  readonly description?: string;
  /**
   * The same view read with other entity columns: `{ driver_id: 'origin_id' }` joins the source's `driver_id`
   * on the entity table's `origin_id`. Usually followed by {@link FeatureView.withName}.
   *
   * @throws {PlinthError} `PLINTH_VALIDATION` on an unknown join key or a bad column name.
   */
  withJoinKeyMap(map: Readonly<Record<string, string>>): FeatureView;
  /**
   * The same view under another name (for a second use of it in one request, with its own join key map).
   *
   * @throws {PlinthError} `PLINTH_VALIDATION` on a bad name.
   */
  withName(name: string): FeatureView;
}

/** Options of {@link defineFeatureView}. */
export interface FeatureViewOptions {
  /** View name (letters, digits and `_`, no `__`). */
  name: string;
  /** Entities; omit or `[]` for a view without entities (joined on time only). @default [] */
  entities?: readonly Entity[];
  /** `'1d'`, `'12h'`, `'30m'`, `'10s'`, seconds, or 0 / null for unbounded. @default null */
  ttl?: Ttl;
  /** The feature rows. */
  source: FileSource;
  /** Features and their types. */
  features: FeaturesInput;
  /** Free text. */
  description?: string;
}

interface ViewState {
  name: string;
  entities: readonly Entity[];
  joinKeys: readonly string[];
  entityColumns: readonly string[];
  ttlMs: number | null;
  source: FileSource;
  features: readonly FeatureSpec[];
  description?: string;
}

function makeView(state: ViewState): FeatureView {
  const view: FeatureView = {
    kind: 'featureView',
    ...state,
    withJoinKeyMap(map) {
      if (!isPlainObject(map)) throw invalid(`withJoinKeyMap expects an object, got ${describe(map)}`);
      const entityColumns = [...state.joinKeys];
      for (const key of Object.keys(map)) {
        const index = state.joinKeys.indexOf(key);
        if (index < 0) {
          throw invalid(
            `view ${state.name}: withJoinKeyMap names ${JSON.stringify(key)}, which is not a join key (join keys: ${state.joinKeys.join(', ') || 'none'})`,
          );
        }
        entityColumns[index] = checkName(map[key], `withJoinKeyMap ${key}`);
      }
      if (new Set(entityColumns).size !== entityColumns.length) {
        throw invalid(`view ${state.name}: withJoinKeyMap maps two join keys to one column`);
      }
      return makeView({ ...state, entityColumns: Object.freeze(entityColumns) });
    },
    withName(name) {
      return makeView({ ...state, name: checkViewName(name) });
    },
  };
  return Object.freeze(view);
}

/** Checks a view name: a name without `__` (the separator of full feature names). */
export function checkViewName(value: unknown): string {
  const name = checkName(value, 'feature view name');
  if (name.includes('__')) {
    throw invalid(
      `feature view name ${JSON.stringify(name)} must not contain __ (it separates view and feature)`,
    );
  }
  return name;
}

/**
 * Defines a feature view.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on a bad name or ttl, a source that is not a `fileSource`, a feature
 * that is also a join key or a timestamp field, or an unknown option.
 * @example
 * ```ts
 * const driverStats = defineFeatureView({
 *   name: 'driver_stats', entities: [driver], ttl: '1d',
 *   source: fileSource({ path: 'driver_stats.parquet', timestampField: 'event_timestamp' }),
 *   features: { conv_rate: 'float64', avg_daily_trips: 'int64' },
 * });
 * ```
 */
export function defineFeatureView(options: FeatureViewOptions): FeatureView {
  const checked = checkOptions<FeatureViewOptions>(
    options,
    ['name', 'entities', 'ttl', 'source', 'features', 'description'],
    'defineFeatureView options',
  );
  const name = checkViewName(checked.name);
  const entities = checked.entities ?? [];
  if (!Array.isArray(entities) || !entities.every(isEntity)) {
    throw invalid(`view ${name}: entities must be a list of defineEntity() results`);
  }
  const joinKeys: string[] = [];
  for (const entity of entities) {
    for (const key of entity.joinKeys) if (!joinKeys.includes(key)) joinKeys.push(key);
  }
  const ttlMs = parseTtl(checked.ttl, `view ${name} ttl`);
  const source = checked.source;
  if (!isPlainObject(source) || (source as { kind?: unknown }).kind !== 'file') {
    throw invalid(`view ${name}: source must be a fileSource(), got ${describe(source)}`);
  }
  const features = checkFeatures(checked.features, `view ${name} features`);
  const reserved = new Set([...joinKeys, source.timestampField, source.createdTimestampField]);
  for (const feature of features) {
    if (reserved.has(feature.name)) {
      throw invalid(`view ${name}: ${feature.name} is a join key or timestamp field, not a feature`);
    }
  }
  const description =
    checked.description === undefined
      ? undefined
      : checkString(checked.description, 'view description', 10_000);
  return makeView({
    name,
    entities: Object.freeze([...entities]),
    joinKeys: Object.freeze(joinKeys),
    entityColumns: Object.freeze([...joinKeys]),
    ttlMs,
    source,
    features,
    ...(description === undefined ? {} : { description }),
  });
}

/** True when `value` is a {@link FeatureView}. */
export function isFeatureView(value: unknown): value is FeatureView {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'featureView';
}
