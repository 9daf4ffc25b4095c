// materialize, materializeIncremental, getOnlineFeatures (statuses, ages), push, on-demand views and feature
// services, over the real storageOnlineStore on memoryStorage and the real DuckDB engine. Expected values by hand.
import path from 'node:path';
import { manualClock } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureService,
  defineFeatureView,
  defineOnDemandFeatureView,
  type FeatureStore,
  fileSource,
  storageOnlineStore,
} from '../src/index.ts';
import { rawSql, tempDir } from './helpers.ts';

const T = (iso: string) => Date.parse(`${iso}Z`);
let dir: string;
let cleanup: () => Promise<void>;
let store: FeatureStore;
const clock = manualClock(T('2021-04-12T00:00:00'));
const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
let adjusted: ReturnType<typeof defineOnDemandFeatureView>;
let service: ReturnType<typeof defineFeatureService>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const file = path.join(dir, 'driver_stats.parquet');
  await rawSql(
    `COPY (SELECT * FROM (VALUES
      (1::BIGINT, TIMESTAMP '2021-04-10 00:00:00', TIMESTAMP '2021-04-10 00:00:00', 0.1::DOUBLE, 1::BIGINT),
      (1, TIMESTAMP '2021-04-12 00:00:00', TIMESTAMP '2021-04-12 00:00:00', 0.2, 2),
      (1, TIMESTAMP '2021-04-12 00:00:00', TIMESTAMP '2021-04-12 01:00:00', 0.3, 3),
      (1, TIMESTAMP '2021-04-14 00:00:00', TIMESTAMP '2021-04-14 00:00:00', 0.4, 4),
      (2, TIMESTAMP '2021-04-11 00:00:00', TIMESTAMP '2021-04-11 00:00:00', NULL, 5),
      (3, TIMESTAMP '2021-04-09 00:00:00', TIMESTAMP '2021-04-09 00:00:00', 0.9, 9)
    ) t(driver_id, event_timestamp, created, conv_rate, trips)) TO '${file}' (FORMAT parquet)`,
  );
  const driverStats = defineFeatureView({
    name: 'driver_stats',
    entities: [driver],
    ttl: '1d',
    source: fileSource({ path: file, timestampField: 'event_timestamp', createdTimestampField: 'created' }),
    features: { conv_rate: 'float64', trips: 'int64' },
  });
  adjusted = defineOnDemandFeatureView({
    name: 'adjusted',
    sources: [driverStats],
    requestFields: { bonus: 'float64' },
    features: { conv_plus_bonus: 'float64', trips_doubled: 'int64' },
    transform: (row) => ({
      conv_plus_bonus: row.conv_rate === null ? null : (row.conv_rate as number) + (row.bonus as number),
      trips_doubled: row.driver_stats__trips === null ? null : (row.trips as number) * 2,
    }),
  });
  service = defineFeatureService({
    name: 'ranking',
    features: [{ view: driverStats, features: ['trips'] }, adjusted],
  });
  store = await createFeatureStore({
    views: [driverStats],
    onDemandViews: [adjusted],
    services: [service],
    engine: duckdbEngine(),
    online: storageOnlineStore({ storage: memoryStorage() }),
    clock,
  });
});

afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

const lookup = (
  entityRows: Record<string, unknown>[],
  features: string[] | string = ['driver_stats:conv_rate', 'driver_stats:trips'],
) => store.getOnlineFeatures({ features, entityRows });

describe('in order', () => {
  it('materialize writes the latest row per entity in [start, end] (both inclusive, ties by created ts)', async () => {
    const progress: string[] = [];
    const result = await store.materialize({
      start: '2021-04-10T00:00:00Z',
      end: new Date('2021-04-13T00:00:00Z'),
      onProgress: (p) => progress.push(p.stage),
    });
    // driver 1: the 04-12 row created 01:00 (0.3, 3); driver 2: 04-11 (NULL, 5); driver 3 is before start
    expect(result.views).toEqual([
      {
        view: 'driver_stats',
        startMs: T('2021-04-10T00:00:00'),
        endMs: T('2021-04-13T00:00:00'),
        rows: 2,
        written: 2,
        skipped: 0,
      },
    ]);
    expect(progress).toContain('materialize');
  });

  it('getOnlineFeatures: values, statuses and event timestamps by column', async () => {
    const answer = await lookup([{ driver_id: 1 }, { driver_id: 2 }, { driver_id: 3 }, { driver_id: null }]);
    expect(answer.names).toEqual(['driver_id', 'conv_rate', 'trips']);
    expect(answer.columns.driver_id).toEqual([1, 2, 3, null]);
    expect(answer.columns.conv_rate).toEqual([0.3, null, null, null]);
    expect(answer.columns.trips).toEqual([3, 5, null, null]);
    // clock at 04-12 00:00, ttl 1d: driver 2's 04-11 00:00 row is exactly ttl old: still valid
    expect(answer.statuses.conv_rate).toEqual(['present', 'null_value', 'not_found', 'not_found']);
    expect(answer.statuses.trips).toEqual(['present', 'present', 'not_found', 'not_found']);
    expect(answer.eventTimestamps.trips).toEqual([
      T('2021-04-12T00:00:00'),
      T('2021-04-11T00:00:00'),
      null,
      null,
    ]);
    expect(answer.toRows()[0]).toEqual({ driver_id: 1, conv_rate: 0.3, trips: 3 });
  });

  it('outside_max_age once the row is older than the ttl at read time', async () => {
    clock.set(T('2021-04-12T00:00:00.001'));
    const answer = await lookup([{ driver_id: 1 }, { driver_id: 2 }]);
    expect(answer.statuses.trips).toEqual(['present', 'outside_max_age']);
    expect(answer.columns.trips).toEqual([3, null]);
  });

  it('materializeIncremental continues from the recorded end; an older window never rolls values back', async () => {
    clock.set(T('2021-04-14T12:00:00'));
    const incremental = await store.materializeIncremental({ end: '2021-04-15T00:00:00Z' });
    expect(incremental.views[0]).toMatchObject({ startMs: T('2021-04-13T00:00:00'), rows: 1, written: 1 });
    expect((await lookup([{ driver_id: 1 }])).columns.trips).toEqual([4]);
    const again = await store.materialize({ start: '2021-04-10T00:00:00Z', end: '2021-04-13T00:00:00Z' });
    expect(again.views[0]).toMatchObject({ rows: 2, written: 0, skipped: 2 });
    expect((await lookup([{ driver_id: 1 }])).columns.trips).toEqual([4]);
  });

  it('push to online keeps the newer row', async () => {
    await store.push({
      view: 'driver_stats',
      rows: [{ driver_id: 1, event_timestamp: '2021-04-14T06:00:00Z', conv_rate: 0.5, trips: 6 }],
    });
    const stale = await store.push({
      view: 'driver_stats',
      rows: [{ driver_id: 1, event_timestamp: '2021-04-13T06:00:00Z', conv_rate: 0.0, trips: 0 }],
    });
    expect(stale.online).toEqual({ written: 0, skipped: 1 });
    expect((await lookup([{ driver_id: 1 }])).columns.trips).toEqual([6]);
  });

  it('push to offline is seen by the next historical join (ties by created ts)', async () => {
    await store.push({
      view: 'driver_stats',
      to: 'offline',
      rows: [
        {
          driver_id: 7,
          event_timestamp: new Date('2021-04-12T00:00:00Z'),
          created: '2021-04-12T00:00:00Z',
          conv_rate: 0.7,
          trips: 70,
        },
        {
          driver_id: 7,
          event_timestamp: new Date('2021-04-12T00:00:00Z'),
          created: '2021-04-12T02:00:00Z',
          conv_rate: 0.75,
          trips: 75,
        },
      ],
    });
    const rows = await store
      .getHistoricalFeatures({
        entities: [
          { driver_id: 7, ts: new Date('2021-04-12T12:00:00Z') },
          { driver_id: 1, ts: new Date('2021-04-12T12:00:00Z') },
        ],
        entityTimestampColumn: 'ts',
        features: ['driver_stats:trips'],
      })
      .toRows();
    expect(rows.map((row) => row.trips)).toEqual([75, 3]);
    // the online store was not touched
    expect((await lookup([{ driver_id: 7 }])).statuses.trips).toEqual(['not_found']);
  });
});

describe('on-demand views and feature services', () => {
  it('run the same transform offline and online (no skew)', async () => {
    clock.set(T('2021-04-14T12:00:00'));
    await store.push({
      view: 'driver_stats',
      to: 'both',
      rows: [{ driver_id: 8, event_timestamp: '2021-04-14T00:00:00Z', conv_rate: 0.25, trips: 10 }],
    });
    const offline = await store
      .getHistoricalFeatures({
        entities: [{ driver_id: 8, bonus: 1.5, ts: new Date('2021-04-14T12:00:00Z') }],
        entityTimestampColumn: 'ts',
        features: ['adjusted:conv_plus_bonus', 'adjusted:trips_doubled'],
      })
      .toRows();
    expect(offline).toEqual([
      {
        driver_id: 8,
        bonus: 1.5,
        ts: new Date('2021-04-14T12:00:00Z'),
        conv_plus_bonus: 1.75,
        trips_doubled: 20,
      },
    ]);
    const online = await lookup(
      [{ driver_id: 8, bonus: 1.5 }],
      ['adjusted:conv_plus_bonus', 'adjusted:trips_doubled'],
    );
    expect(online.toRows()).toEqual([{ driver_id: 8, bonus: 1.5, conv_plus_bonus: 1.75, trips_doubled: 20 }]);
    expect(online.statuses.conv_plus_bonus).toEqual(['present']);
  });

  it('a feature service works offline (also to Parquet) and online, by object or name', async () => {
    const entities = [{ driver_id: 8, bonus: 0.5, ts: new Date('2021-04-14T12:00:00Z') }];
    const offline = await store
      .getHistoricalFeatures({
        entities,
        entityTimestampColumn: 'ts',
        features: service,
        fullFeatureNames: true,
      })
      .toRows();
    expect(offline).toEqual([
      {
        ...entities[0],
        driver_stats__trips: 10,
        adjusted__conv_plus_bonus: 0.75,
        adjusted__trips_doubled: 20,
      },
    ]);
    const out = path.join(dir, 'service.parquet');
    expect(
      await store
        .getHistoricalFeatures({ entities, entityTimestampColumn: 'ts', features: 'ranking' })
        .toParquet(out),
    ).toEqual({ rows: 1 });
    const online = await store.getOnlineFeatures({
      features: 'ranking',
      entityRows: [{ driver_id: 8, bonus: 0.5 }],
      fullFeatureNames: true,
    });
    expect(online.toRows()).toEqual([
      {
        driver_id: 8,
        bonus: 0.5,
        driver_stats__trips: 10,
        adjusted__conv_plus_bonus: 0.75,
        adjusted__trips_doubled: 20,
      },
    ]);
  });

  it('missing request fields and unknown services are refused', async () => {
    await expect(lookup([{ driver_id: 8 }], ['adjusted:conv_plus_bonus'])).rejects.toMatchObject({
      code: 'PLINTH_VALIDATION',
    });
    await expect(lookup([{ driver_id: 8 }], 'nope')).rejects.toMatchObject({ code: 'PLINTH_NOT_FOUND' });
    await expect(lookup([{ other: 8 }])).rejects.toMatchObject({ code: 'PLINTH_VALIDATION' });
    await expect(lookup([{ driver_id: { x: 1 } }])).rejects.toMatchObject({ code: 'PLINTH_VALIDATION' });
  });
});
