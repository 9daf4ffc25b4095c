// getOnlineFeatures: one batched read for all views (or one per view), statuses and ages, then the on-demand transforms.
import type { Clock } from '@plinth/core';
import type { FeatureView } from '../definitions/feature-view.ts';
import { describe, invalid, isPlainObject } from '../errors.ts';
import type {
  EntityKeyValue,
  OnlineReadRequest,
  OnlineReadResult,
  OnlineStore,
  OnlineValue,
  OnlineViewInfo,
} from '../online/port.ts';
import { markKeysChecked } from '../online/validate.ts';
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

/** What a lookup needs of a (cached, shared) resolved request, worked out once per request. */
interface LookupPlan {
  /** The store's view info of each join view. */
  readonly infos: readonly OnlineViewInfo[];
  /** The feature names read from each join view, frozen (stores check frozen lists once). */
  readonly features: readonly (readonly string[])[];
  /** For each join view, the first join view with the same entity columns (they share key tuples). */
  readonly keysFrom: readonly number[];
  /** The output names of the request's features (entity fields of these names are not listed twice). */
  readonly outputs: ReadonlySet<string>;
}

const plans = new WeakMap<ResolvedRequest, LookupPlan>();

function planOf(resolved: ResolvedRequest): LookupPlan {
  let plan = plans.get(resolved);
  if (plan === undefined) {
    const columns = resolved.joinViews.map(({ view }) => view.entityColumns.join('\u0000'));
    plan = {
      infos: resolved.joinViews.map(({ view }) => viewInfo(view)),
      features: resolved.joinViews.map(({ features }) =>
        Object.freeze(features.map((feature) => feature.name)),
      ),
      keysFrom: columns.map((joined) => columns.indexOf(joined)),
      outputs: new Set(resolved.outputs.map((output) => output.name)),
    };
    plans.set(resolved, plan);
  }
  return plan;
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

/** The key tuple of every entity row for `entityColumns` (checked: null for a missing or null field). */
function keyTuples(
  entityRows: readonly Record<string, unknown>[],
  entityColumns: readonly string[],
): (readonly (EntityKeyValue | null)[])[] {
  const tuples: (readonly (EntityKeyValue | null)[])[] = new Array(entityRows.length);
  for (let index = 0; index < entityRows.length; index++) {
    const row = entityRows[index]!;
    tuples[index] = entityColumns.map((column) =>
      checkKeyValue(Object.hasOwn(row, column) ? row[column] : null, column, index),
    );
  }
  markKeysChecked(tuples);
  return tuples;
}

/**
 * What a view's answer says of each row before looking at values: `not_found`, `outside_max_age` (event time
 * before `cutoff`) or `present`, and the event timestamps (null when not found).
 */
function baseStatuses(answer: OnlineReadResult, length: number, cutoff: number | undefined) {
  const statuses = new Array<FeatureStatus>(length);
  const stamps = new Array<number | null>(length);
  for (let row = 0; row < length; row++) {
    const stamp = answer.eventTimestamps[row] ?? null;
    if (!answer.found[row]) {
      statuses[row] = 'not_found';
      stamps[row] = null;
    } else {
      stamps[row] = stamp;
      if (cutoff !== undefined && stamp !== null && stamp < cutoff) {
        statuses[row] = 'outside_max_age';
      } else statuses[row] = 'present';
    }
  }
  return { statuses, stamps };
}

/**
 * A store's value column as the result's own column: the store's array itself (fresh per read and the caller's,
 * per the port) when it is a plain array of the right length not adopted for another column, else a copy.
 */
function ownedColumn(
  read: readonly OnlineValue[] | undefined,
  length: number,
  adopted: Set<unknown>,
): unknown[] {
  if (Array.isArray(read) && read.length === length && !Object.isFrozen(read) && !adopted.has(read)) {
    adopted.add(read);
    return read as unknown[];
  }
  const values = new Array<unknown>(length);
  for (let row = 0; row < length; row++) values[row] = read?.[row] ?? null;
  return values;
}

/**
 * Finishes a feature's value column in place against its row statuses (as `baseStatuses` made them): null where
 * the row is not present, `null_value` where a present row has no value, `Date`s for a timestamp feature.
 */
function finishColumn(values: unknown[], status: FeatureStatus[], timestamp: boolean): void {
  for (let row = 0; row < values.length; row++) {
    if (status[row] !== 'present') {
      // stores answer null for keys not found: only rows outside max age hold a value to clear
      if (values[row] !== null) values[row] = null;
    } else if (values[row] === null || values[row] === undefined) {
      status[row] = 'null_value';
      values[row] = null;
    } else if (timestamp && typeof values[row] === 'number') values[row] = new Date(values[row] as number);
  }
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
  const plan = planOf(resolved);
  const tuples: (readonly (EntityKeyValue | null)[])[][] = [];
  const requests: OnlineReadRequest[] = resolved.joinViews.map(({ view }, v) => {
    const from = plan.keysFrom[v]!;
    if (from === v) tuples[v] = keyTuples(entityRows, view.entityColumns);
    return { view: plan.infos[v]!, features: plan.features[v]!, keys: tuples[from]! };
  });
  const callOptions = signal ? { signal } : {};
  // one step for every view where the store offers it (one MGET, one cache check), else one read per view
  const answers = online.readMany
    ? requests.length === 0
      ? []
      : await online.readMany(requests, callOptions)
    : await Promise.all(requests.map((request) => online.read(request, callOptions)));
  const adopted = new Set<unknown>();
  for (let v = 0; v < resolved.joinViews.length; v++) {
    const { view, features } = resolved.joinViews[v]!;
    const answer = answers[v]!;
    const base = baseStatuses(answer, length, view.ttlMs === null ? undefined : now - view.ttlMs);
    for (let f = 0; f < features.length; f++) {
      const feature = features[f]!;
      const values = ownedColumn(answer.values[f], length, adopted);
      // the last feature takes the view's own arrays (the others copied them before they could change)
      const last = f === features.length - 1;
      const status = last ? base.statuses : base.statuses.slice();
      finishColumn(values, status, feature.type === 'timestamp');
      columns[feature.output] = values;
      statuses[feature.output] = status;
      eventTimestamps[feature.output] = last ? base.stamps : base.stamps.slice();
    }
  }
  for (const onDemand of resolved.onDemand) {
    for (const [name, values] of applyOnDemand(onDemand, length, (column) => columns[column])) {
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
  const names = [...entityNames.filter((name) => !plan.outputs.has(name)), ...plan.outputs];
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
