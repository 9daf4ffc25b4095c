// getOnlineFeatures: one batched read for all views (or one per view), statuses and ages, then the on-demand transforms.
import type { Clock } from '@plinth/core';
import type { FeatureView } from '../definitions/feature-view.ts';
import { describe, invalid, isPlainObject } from '../errors.ts';
import type {
  EntityKeyValue,
  OnlineReadRequest,
  OnlineStore,
  OnlineValue,
  OnlineViewInfo,
} from '../online/port.ts';
import { applyOnDemand } from './apply-on-demand.ts';
import type { ResolvedRequest } from './resolve.ts';

/** What `getOnlineFeatures` says about one value. */
export type FeatureStatus = 'present' | 'not_found' | 'null_value' | 'outside_max_age';

/** The answer of `getOnlineFeatures`, by columns; entry `i` of every column is entity row `i`. */
export interface OnlineFeaturesResult {
  /** Column names: the entity-row fields (first-seen order), then the features in request order. */
  readonly names: readonly string[];
  /** Values by column name (own-key object). Timestamps are `Date`; int64 are numbers, or bigints beyond 2^53. */
  readonly columns: Readonly<Record<string, readonly unknown[]>>;
  /** Status of each feature value, by feature column name. */
  readonly statuses: Readonly<Record<string, readonly FeatureStatus[]>>;
  /** Event timestamp (epoch ms) of each feature value, or null (not found, on-demand), by feature column name. */
  readonly eventTimestamps: Readonly<Record<string, readonly (number | null)[]>>;
  /** The same answer as row objects (values only). */
  toRows(): Record<string, unknown>[];
}

const infos = new WeakMap<FeatureView, OnlineViewInfo>();

/** The online store's view of a feature view: one frozen object per view (stores check it once, not per lookup). */
export function viewInfo(view: FeatureView): OnlineViewInfo {
  let info = infos.get(view);
  if (info === undefined) {
    info = Object.freeze({
      name: view.name,
      joinKeys: Object.freeze([...view.joinKeys]),
      features: Object.freeze(view.features.map((feature) => feature.name)),
    });
    infos.set(view, info);
  }
  return info;
}

const featureNames = new WeakMap<ResolvedRequest, readonly (readonly string[])[]>();

/** The feature names read from each join view of a (cached, shared) resolved request, frozen, made once. */
function featureNamesOf(resolved: ResolvedRequest): readonly (readonly string[])[] {
  let names = featureNames.get(resolved);
  if (names === undefined) {
    names = resolved.joinViews.map(({ features }) => Object.freeze(features.map((feature) => feature.name)));
    featureNames.set(resolved, names);
  }
  return names;
}

/** True for a usable entity key value: a string, a finite number, a bigint or a boolean. */
export function isEntityKeyValue(value: unknown): value is EntityKeyValue {
  return (
    typeof value === 'string' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function checkKeyValue(value: unknown, column: string, row: number): EntityKeyValue | null {
  if (value === null || value === undefined) return null;
  if (isEntityKeyValue(value)) return value;
  throw invalid(
    `entityRows[${row}].${column} must be a string, a finite number, a bigint or a boolean, got ${describe(value)}`,
  );
}

function ownObject<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Reads features for entity rows. */
export async function lookupOnline(
  online: OnlineStore,
  clock: Clock,
  resolved: ResolvedRequest,
  entityRows: readonly Record<string, unknown>[],
  signal: AbortSignal | undefined,
): Promise<OnlineFeaturesResult> {
  const length = entityRows.length;
  const entityNames: string[] = [];
  const seen = new Set<string>();
  for (const row of entityRows) {
    for (const name of Object.keys(row)) {
      if (!seen.has(name)) {
        seen.add(name);
        entityNames.push(name);
      }
    }
  }
  for (const { view } of resolved.joinViews) {
    for (const column of view.entityColumns) {
      if (!seen.has(column)) {
        throw invalid(
          `entityRows need the column ${JSON.stringify(column)} (join key ${view.joinKeys[view.entityColumns.indexOf(column)]} of view ${view.name})`,
        );
      }
    }
  }
  for (const field of resolved.requestFields) {
    if (!seen.has(field))
      throw invalid(`entityRows need the request field ${JSON.stringify(field)} of an on-demand view`);
  }
  const columns = ownObject<unknown[]>();
  for (const name of entityNames) {
    columns[name] = entityRows.map((row) => (Object.hasOwn(row, name) ? (row[name] ?? null) : null));
  }
  const statuses = ownObject<FeatureStatus[]>();
  const eventTimestamps = ownObject<(number | null)[]>();
  const now = clock.now();
  const requested = featureNamesOf(resolved);
  const requests: OnlineReadRequest[] = resolved.joinViews.map(({ view }, v) => ({
    view: viewInfo(view),
    features: requested[v]!,
    keys: entityRows.map((row, index) =>
      view.entityColumns.map((column) =>
        checkKeyValue(Object.hasOwn(row, column) ? row[column] : null, column, index),
      ),
    ),
  }));
  const callOptions = signal ? { signal } : {};
  // one step for every view where the store offers it (one MGET, one cache check), else one read per view
  const answers = online.readMany
    ? requests.length === 0
      ? []
      : await online.readMany(requests, callOptions)
    : await Promise.all(requests.map((request) => online.read(request, callOptions)));
  resolved.joinViews.forEach(({ view, features }, v) => {
    const answer = answers[v]!;
    const cutoff = view.ttlMs === null ? undefined : now - view.ttlMs;
    features.forEach((feature, f) => {
      const values = new Array<unknown>(length);
      const status = new Array<FeatureStatus>(length);
      const stamps = new Array<number | null>(length);
      const read = answer.values[f] ?? [];
      for (let row = 0; row < length; row++) {
        const stamp = answer.eventTimestamps[row] ?? null;
        stamps[row] = answer.found[row] ? stamp : null;
        const value: OnlineValue = read[row] ?? null;
        if (!answer.found[row]) {
          status[row] = 'not_found';
          values[row] = null;
        } else if (cutoff !== undefined && stamp !== null && stamp < cutoff) {
          status[row] = 'outside_max_age';
          values[row] = null;
        } else if (value === null) {
          status[row] = 'null_value';
          values[row] = null;
        } else {
          status[row] = 'present';
          values[row] = feature.type === 'timestamp' && typeof value === 'number' ? new Date(value) : value;
        }
      }
      columns[feature.output] = values;
      statuses[feature.output] = status;
      eventTimestamps[feature.output] = stamps;
    });
  });
  for (const plan of resolved.onDemand) {
    for (const [name, values] of applyOnDemand(plan, length, (column) => columns[column])) {
      columns[name] = values;
      statuses[name] = values.map((value) => (value === null ? 'null_value' : 'present'));
      eventTimestamps[name] = values.map(() => null);
    }
  }
  for (const name of resolved.hidden) {
    delete columns[name];
    delete statuses[name];
    delete eventTimestamps[name];
  }
  const names = [
    ...entityNames.filter((name) => !resolved.outputs.some((output) => output.name === name)),
    ...resolved.outputs.map((output) => output.name),
  ];
  return {
    names,
    columns,
    statuses,
    eventTimestamps,
    toRows() {
      return Array.from({ length }, (_, row) => {
        const object: Record<string, unknown> = {};
        for (const name of names)
          Object.defineProperty(object, name, {
            value: columns[name]![row],
            enumerable: true,
            writable: true,
            configurable: true,
          });
        return object;
      });
    },
  };
}

/** Checks the entityRows argument. */
export function checkEntityRows(value: unknown): readonly Record<string, unknown>[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 1_000_000) {
    throw invalid(`entityRows must be a non-empty array of objects, got ${describe(value)}`);
  }
  for (const [index, row] of value.entries()) {
    if (!isPlainObject(row)) throw invalid(`entityRows[${index}] must be an object, got ${describe(row)}`);
  }
  return value;
}
