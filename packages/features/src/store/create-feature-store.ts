// createFeatureStore: the user API over an offline engine and an online store.
import { type Clock, systemClock } from '@plinth/core';
import { type FeatureView, isFeatureView } from '../definitions/feature-view.ts';
import { checkName } from '../definitions/names.ts';
import { isOnDemandFeatureView, type OnDemandFeatureView } from '../definitions/on-demand.ts';
import { type FeatureService, isFeatureService } from '../definitions/service.ts';
import { checkEntitySource } from '../engine/entity-source.ts';
import type { EntitySource, OfflineEngine, Progress } from '../engine/port.ts';
import {
  checkBoolean,
  checkFunction,
  checkOptions,
  checkString,
  describe,
  errors,
  invalid,
} from '../errors.ts';
import type { OnlineStore } from '../online/port.ts';
import { type HistoricalJob, historicalJob } from './historical-job.ts';
import { incrementalStart, type MaterializeResult, materializeViews } from './materialize.ts';
import { checkEntityRows, lookupOnline, type OnlineFeaturesResult } from './online-lookup.ts';
import { checkPushRows, pushOffline, pushOnline } from './push.ts';
import { type Catalog, type FeatureRequest, resolveRequest } from './resolve.ts';
import { resolveCache } from './resolve-cache.ts';
import { type TimeInput, toEpochMs } from './time.ts';

/** Options of {@link createFeatureStore}. */
export interface FeatureStoreOptions {
  /** Feature views (names unique). */
  views: readonly FeatureView[];
  /** Offline engine for historical joins, materialization and offline push (`duckdbEngine()`, Node). */
  engine?: OfflineEngine;
  /** Online store for materialization, online lookups and online push. */
  online?: OnlineStore;
  /** Clock for ages of online values (`outside_max_age`) and incremental materialization. @default systemClock */
  clock?: Clock;
  /** Feature services, usable by name in `features`. @default [] */
  services?: readonly FeatureService[];
  /** On-demand feature views. @default [] */
  onDemandViews?: readonly OnDemandFeatureView[];
}

/** Options of {@link FeatureStore.getHistoricalFeatures}. */
export interface HistoricalFeaturesOptions {
  /** Entity rows: a `.csv`/`.parquet` path, `{ sql }` (or a string starting with SELECT/WITH/FROM), an Arrow table, or row objects. */
  entities: EntitySource;
  /** Column of the entity rows holding each row's point in time. */
  entityTimestampColumn: string;
  /** `view:feature` references, a feature service or a registered service's name. */
  features: FeatureRequest | string;
  /** Name outputs `view__feature`. @default false */
  fullFeatureNames?: boolean;
  /** Only rows created at or before the entity time are candidates. @default false */
  filterByCreatedTimestamp?: boolean;
  /**
   * Join plan: `auto` (each view the cheaper of the two by its source's statistics, see the README), `asof` or
   * `window`; `filterByCreatedTimestamp` always runs `window`. @default 'auto'
   */
  plan?: 'auto' | 'asof' | 'window';
  /** Called at each stage (validate, load-entities, plan, join, transform, write, done). */
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** Options of {@link FeatureStore.getOnlineFeatures}. */
export interface OnlineFeaturesOptions {
  features: FeatureRequest | string;
  /** One object per entity: join key columns (after join key maps) and request fields. */
  entityRows: readonly Record<string, unknown>[];
  /** @default false */
  fullFeatureNames?: boolean;
  signal?: AbortSignal;
}

/** Options of {@link FeatureStore.materialize}. */
export interface MaterializeOptions {
  /** Start of the event-time range (inclusive). */
  start: TimeInput;
  /** End of the event-time range (inclusive). */
  end: TimeInput;
  /** Views to materialize. @default every view */
  views?: readonly string[];
  /** Rows per online write (larger batches rewrite fewer shards of a storage store). @default 100000 */
  batchRows?: number;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** Options of {@link FeatureStore.materializeIncremental}. */
export type MaterializeIncrementalOptions = Omit<MaterializeOptions, 'start'>;

/** Options of {@link FeatureStore.push}. */
export interface PushOptions {
  /** The view (or its name) the rows belong to. */
  view: string | FeatureView;
  /** Rows with the view's join keys (source names), timestamp field, created field (optional) and features. */
  rows: readonly Record<string, unknown>[];
  /** Where to write. @default 'online' */
  to?: 'online' | 'offline' | 'both';
  signal?: AbortSignal;
}

/** A feature store. */
export interface FeatureStore {
  readonly views: readonly FeatureView[];
  readonly onDemandViews: readonly OnDemandFeatureView[];
  readonly services: readonly FeatureService[];
  /**
   * Point-in-time join of features to entity rows. Request checks (unknown views or features, name collisions)
   * throw here; checks of the data (missing columns, wrong types, unreadable files) reject the job's methods
   * before the join runs.
   *
   * @throws {PlinthError} `PLINTH_VALIDATION`, `PLINTH_NOT_FOUND`, `PLINTH_FEATURE_NAME_COLLISION`.
   */
  getHistoricalFeatures(options: HistoricalFeaturesOptions): HistoricalJob;
  /** Latest feature values of entities from the online store, with a status and event time per value. */
  getOnlineFeatures(options: OnlineFeaturesOptions): Promise<OnlineFeaturesResult>;
  /** Writes the latest row per entity with event time in [start, end] to the online store. */
  materialize(options: MaterializeOptions): Promise<MaterializeResult>;
  /** Materializes from each view's last recorded end (else end − ttl, else the epoch) to `end`. */
  materializeIncremental(options: MaterializeIncrementalOptions): Promise<MaterializeResult>;
  /** Writes rows to the online store, the offline data, or both. */
  push(
    options: PushOptions,
  ): Promise<{ online?: { written: number; skipped: number }; offline?: { rows: number } }>;
  /** Closes the engine and the online store. */
  close(): Promise<void>;
}

function ownMap<T extends { name: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name))
      throw invalid(`two ${what} are named ${JSON.stringify(item.name)}; names must be unique`);
    map.set(item.name, item);
  }
  return map;
}

/**
 * Creates a feature store.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` on unknown options, repeated names, or values that are not
 * definitions.
 * @example
 * ```ts
 * const store = await createFeatureStore({ views: [driverStats], engine: duckdbEngine(), online: storageOnlineStore({ storage }) });
 * const rows = await store.getHistoricalFeatures({ entities, entityTimestampColumn: 'event_timestamp', features: ['driver_stats:conv_rate'] }).toRows();
 * ```
 */
export async function createFeatureStore(options: FeatureStoreOptions): Promise<FeatureStore> {
  const checked = checkOptions<FeatureStoreOptions>(
    options,
    ['views', 'engine', 'online', 'clock', 'services', 'onDemandViews'],
    'createFeatureStore options',
  );
  if (!Array.isArray(checked.views) || !checked.views.every(isFeatureView)) {
    throw invalid(`views must be a list of defineFeatureView() results, got ${describe(checked.views)}`);
  }
  const onDemandList = checked.onDemandViews ?? [];
  if (!Array.isArray(onDemandList) || !onDemandList.every(isOnDemandFeatureView)) {
    throw invalid('onDemandViews must be a list of defineOnDemandFeatureView() results');
  }
  const serviceList = checked.services ?? [];
  if (!Array.isArray(serviceList) || !serviceList.every(isFeatureService)) {
    throw invalid('services must be a list of defineFeatureService() results');
  }
  const views = ownMap(checked.views, 'views');
  const onDemand = ownMap(onDemandList, 'views');
  for (const name of onDemand.keys())
    if (views.has(name)) throw invalid(`a view and an on-demand view are both named ${JSON.stringify(name)}`);
  const services = ownMap(serviceList, 'services');
  const catalog: Catalog = { views, onDemand };
  for (const service of serviceList) resolveRequest(catalog, service, true);
  const resolveOnline = resolveCache(catalog);
  const engine = checked.engine;
  const online = checked.online;
  const clock = checked.clock ?? systemClock;
  if (engine !== undefined && (typeof engine !== 'object' || typeof engine.joinToColumns !== 'function')) {
    throw invalid('engine must be an offline engine such as duckdbEngine()');
  }
  if (online !== undefined && (typeof online !== 'object' || typeof online.read !== 'function')) {
    throw invalid('online must be an online store such as storageOnlineStore({ storage })');
  }
  if (typeof clock?.now !== 'function') throw invalid('clock must be a Clock ({ now(): number })');

  const request = (features: unknown) => {
    if (typeof features === 'string') {
      const service = services.get(features);
      if (!service)
        throw errors.error(
          'PLINTH_NOT_FOUND',
          `no feature service named ${describe(features)}; register it in createFeatureStore({ services })`,
        );
      return service;
    }
    return features;
  };
  const needEngine = (what: string) => {
    if (!engine)
      throw invalid(`${what} needs an offline engine; pass engine: duckdbEngine() to createFeatureStore`);
    return engine;
  };
  const needOnline = (what: string) => {
    if (!online)
      throw invalid(
        `${what} needs an online store; pass online: storageOnlineStore({ storage }) to createFeatureStore`,
      );
    return online;
  };
  const viewsToMaterialize = (names: unknown) => {
    if (names === undefined) return [...views.values()];
    if (!Array.isArray(names)) throw invalid(`views must be a list of view names, got ${describe(names)}`);
    return names.map((name) => {
      const view = views.get(checkName(name, 'view name'));
      if (!view) throw errors.error('PLINTH_NOT_FOUND', `no view named ${describe(name)}`);
      return view;
    });
  };
  const batchRowsOf = (value: unknown) => {
    if (value === undefined) return 100_000;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1_000_000) {
      throw invalid(`batchRows must be a whole number from 1 to 1000000, got ${describe(value)}`);
    }
    return value;
  };

  return {
    views: [...views.values()],
    onDemandViews: [...onDemand.values()],
    services: [...services.values()],
    getHistoricalFeatures(input) {
      const o = checkOptions<HistoricalFeaturesOptions>(
        input,
        [
          'entities',
          'entityTimestampColumn',
          'features',
          'fullFeatureNames',
          'filterByCreatedTimestamp',
          'plan',
          'onProgress',
          'signal',
        ],
        'getHistoricalFeatures options',
      );
      checkEntitySource(o.entities);
      const entityTimestampColumn = checkString(o.entityTimestampColumn, 'entityTimestampColumn', 1024);
      const full = checkBoolean(o.fullFeatureNames, 'fullFeatureNames') ?? false;
      const filterByCreatedTimestamp =
        checkBoolean(o.filterByCreatedTimestamp, 'filterByCreatedTimestamp') ?? false;
      checkFunction(o.onProgress, 'onProgress');
      const plan = o.plan ?? 'auto';
      if (plan !== 'auto' && plan !== 'asof' && plan !== 'window')
        throw invalid(`plan must be 'auto', 'asof' or 'window', got ${describe(plan)}`);
      const resolved = resolveRequest(catalog, request(o.features), full);
      const activeEngine = needEngine('getHistoricalFeatures');
      return historicalJob(
        activeEngine,
        {
          entities: o.entities,
          entityTimestampColumn,
          views: resolved.joinViews,
          filterByCreatedTimestamp,
          plan,
          requiredEntityColumns: resolved.requestFields,
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        },
        resolved,
      );
    },
    async getOnlineFeatures(input) {
      const o = checkOptions<OnlineFeaturesOptions>(
        input,
        ['features', 'entityRows', 'fullFeatureNames', 'signal'],
        'getOnlineFeatures options',
      );
      const full = checkBoolean(o.fullFeatureNames, 'fullFeatureNames') ?? false;
      const resolved = resolveOnline(request(o.features), full);
      const rows = checkEntityRows(o.entityRows);
      return lookupOnline(needOnline('getOnlineFeatures'), clock, resolved, rows, o.signal);
    },
    async materialize(input) {
      const o = checkOptions<MaterializeOptions>(
        input,
        ['start', 'end', 'views', 'batchRows', 'onProgress', 'signal'],
        'materialize options',
      );
      const startMs = toEpochMs(o.start, 'start');
      const endMs = toEpochMs(o.end, 'end');
      if (startMs > endMs) throw invalid('materialize start must not be after end');
      const selected = viewsToMaterialize(o.views);
      const batchRows = batchRowsOf(o.batchRows);
      checkFunction(o.onProgress, 'onProgress');
      const activeOnline = needOnline('materialize');
      return materializeViews(
        needEngine('materialize'),
        activeOnline,
        selected.map((view) => ({ view, startMs, endMs })),
        {
          batchRows,
          clock,
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
        },
      );
    },
    async materializeIncremental(input) {
      const o = checkOptions<MaterializeIncrementalOptions>(
        input,
        ['end', 'views', 'batchRows', 'onProgress', 'signal'],
        'materializeIncremental options',
      );
      const endMs = toEpochMs(o.end, 'end');
      const selected = viewsToMaterialize(o.views);
      const batchRows = batchRowsOf(o.batchRows);
      checkFunction(o.onProgress, 'onProgress');
      const activeEngine = needEngine('materializeIncremental');
      const activeOnline = needOnline('materializeIncremental');
      const ranges = [];
      for (const view of selected) {
        const startMs = await incrementalStart(activeOnline, view, endMs);
        if (startMs <= endMs) ranges.push({ view, startMs, endMs });
      }
      return materializeViews(activeEngine, activeOnline, ranges, {
        batchRows,
        clock,
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
    },
    async push(input) {
      const o = checkOptions<PushOptions>(input, ['view', 'rows', 'to', 'signal'], 'push options');
      const name = isFeatureView(o.view) ? o.view.name : checkName(o.view, 'push view');
      const view = views.get(name);
      if (!view)
        throw errors.error(
          'PLINTH_NOT_FOUND',
          `no view named ${JSON.stringify(name)}; register it in createFeatureStore({ views })`,
        );
      const to = o.to ?? 'online';
      if (to !== 'online' && to !== 'offline' && to !== 'both')
        throw invalid(`push to must be 'online', 'offline' or 'both', got ${describe(to)}`);
      const columns = checkPushRows(view, o.rows);
      const activeOnline = to === 'offline' ? undefined : needOnline('push to online');
      const activeEngine = to === 'online' ? undefined : needEngine('push to offline');
      const result: { online?: { written: number; skipped: number }; offline?: { rows: number } } = {};
      if (activeOnline) result.online = await pushOnline(activeOnline, view, columns, o.signal);
      if (activeEngine) result.offline = await pushOffline(activeEngine, view, columns);
      return result;
    },
    async close() {
      await Promise.all([engine?.close(), online?.close()]);
    },
  };
}
