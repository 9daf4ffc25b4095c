// push: rows of a view written to the online store (newer wins), to the engine's offline data, or both.
import type { FeatureView } from '../definitions/feature-view.ts';
import type { FeatureType } from '../definitions/types.ts';
import type { OfflineEngine } from '../engine/port.ts';
import { describe, invalid, isPlainObject } from '../errors.ts';
import type { EntityKeyValue, OnlineStore, OnlineValue } from '../online/port.ts';
import { isEntityKeyValue, viewInfo } from './online-lookup.ts';
import { toEpochMs } from './time.ts';

/** Rows checked and split by columns. */
interface PushColumns {
  keys: EntityKeyValue[][];
  eventMs: number[];
  createdMs: (number | null)[];
  values: OnlineValue[][];
}

function featureValue(value: unknown, type: FeatureType, where: string): OnlineValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int32':
    case 'int64':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))
        return value;
      break;
    case 'float32':
    case 'float64':
      if (typeof value === 'number') return value;
      break;
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'timestamp':
      return toEpochMs(value, where);
  }
  throw invalid(`${where} must be a ${type} value, got ${describe(value)}`);
}

/**
 * Checks pushed rows against a view: every join key (non-null), the timestamp field, the created field if the
 * source has one (may be null), and only known features.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` naming the row and column.
 */
export function checkPushRows(view: FeatureView, rows: unknown): PushColumns {
  if (!Array.isArray(rows) || rows.length === 0 || rows.length > 10_000_000) {
    throw invalid(`push rows must be a non-empty array of objects, got ${describe(rows)}`);
  }
  const source = view.source;
  const known = new Set([
    ...view.joinKeys,
    source.timestampField,
    ...view.features.map((feature) => feature.name),
  ]);
  if (source.createdTimestampField) known.add(source.createdTimestampField);
  const columns: PushColumns = { keys: [], eventMs: [], createdMs: [], values: view.features.map(() => []) };
  rows.forEach((row: unknown, index) => {
    if (!isPlainObject(row)) throw invalid(`push rows[${index}] must be an object, got ${describe(row)}`);
    for (const name of Object.keys(row)) {
      if (!known.has(name))
        throw invalid(
          `push rows[${index}] has column ${JSON.stringify(name)}, which view ${view.name} does not have`,
        );
    }
    columns.keys.push(
      view.joinKeys.map((key) => {
        const value = Object.hasOwn(row, key) ? row[key] : undefined;
        if (isEntityKeyValue(value)) return value;
        throw invalid(
          `push rows[${index}].${key} (join key) must be a string, a finite number, a bigint or a boolean, got ${describe(value)}`,
        );
      }),
    );
    columns.eventMs.push(
      toEpochMs(row[source.timestampField], `push rows[${index}].${source.timestampField}`),
    );
    const created = source.createdTimestampField ? row[source.createdTimestampField] : undefined;
    columns.createdMs.push(
      created === undefined || created === null
        ? null
        : toEpochMs(created, `push rows[${index}].${source.createdTimestampField}`),
    );
    view.features.forEach((feature, f) => {
      columns.values[f]!.push(
        featureValue(
          Object.hasOwn(row, feature.name) ? row[feature.name] : null,
          feature.type,
          `push rows[${index}].${feature.name}`,
        ),
      );
    });
  });
  return columns;
}

function typedKey(tuple: readonly EntityKeyValue[]): string {
  return tuple
    .map((value) => `${typeof value === 'bigint' ? 'number' : typeof value}:${String(value)}`)
    .join('\u0000');
}

function newer(a: [number, number | null], b: [number, number | null]): boolean {
  if (a[0] !== b[0]) return a[0] > b[0];
  return (a[1] ?? Number.NEGATIVE_INFINITY) > (b[1] ?? Number.NEGATIVE_INFINITY);
}

/** Writes checked rows to the online store: the newest row per entity of this push, newer-wins in the store. */
export async function pushOnline(
  online: OnlineStore,
  view: FeatureView,
  columns: PushColumns,
  signal?: AbortSignal,
) {
  const best = new Map<string, number>();
  columns.keys.forEach((tuple, row) => {
    const key = typedKey(tuple);
    const current = best.get(key);
    if (
      current === undefined ||
      newer(
        [columns.eventMs[row]!, columns.createdMs[row]!],
        [columns.eventMs[current]!, columns.createdMs[current]!],
      )
    ) {
      best.set(key, row);
    }
  });
  const rows = [...best.values()];
  return online.write(
    {
      view: viewInfo(view),
      length: rows.length,
      keys: rows.map((row) => columns.keys[row]!),
      features: view.features.map((feature) => feature.name),
      values: columns.values.map((values) => rows.map((row) => values[row]!)),
      eventTimestamps: rows.map((row) => columns.eventMs[row]!),
      createdTimestamps: rows.map((row) => columns.createdMs[row]!),
    },
    signal ? { signal } : {},
  );
}

/** Appends checked rows to the engine's offline data of the view. */
export function pushOffline(engine: OfflineEngine, view: FeatureView, columns: PushColumns) {
  const source = view.source;
  const names = [...view.joinKeys, source.timestampField];
  const types: ('string' | 'timestamp' | FeatureType | `other:${string}`)[] = [
    ...view.joinKeys.map(() => 'other:key' as const),
    'timestamp',
  ];
  const data: unknown[][] = [
    ...view.joinKeys.map((_, k) => columns.keys.map((tuple) => tuple[k])),
    columns.eventMs.map((ms) => new Date(ms)),
  ];
  if (source.createdTimestampField) {
    names.push(source.createdTimestampField);
    types.push('timestamp');
    data.push(columns.createdMs.map((ms) => (ms === null ? null : new Date(ms))));
  }
  view.features.forEach((feature, f) => {
    names.push(feature.name);
    types.push(feature.type);
    data.push(
      columns.values[f]!.map((value) =>
        feature.type === 'timestamp' && typeof value === 'number' ? new Date(value) : value,
      ),
    );
  });
  return engine.push(view, { names, types, columns: data, length: columns.keys.length });
}
