// Point-in-time semantics, one rule per test, each expected value computed by hand from the rows below.
// Every rule runs under both join plans (dedup + ASOF JOIN, and range join + QUALIFY).
import path from 'node:path';
import { PlinthError } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureStore,
  fileSource,
} from '../src/index.ts';
import { rawSql, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let store: FeatureStore;

const T = (iso: string) => new Date(`${iso}Z`);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const stats = path.join(dir, 'driver_stats.parquet');
  const pairs = path.join(dir, 'pairs.parquet');
  const global = path.join(dir, 'global.csv');
  const nullCreated = path.join(dir, 'null_created.parquet');
  await rawSql(
    `COPY (SELECT * FROM (VALUES
      (1::BIGINT, TIMESTAMP '2021-04-12 10:00:00', TIMESTAMP '2021-04-12 09:00:00', 0.42::DOUBLE),
      (1, TIMESTAMP '2021-04-12 10:00:00', NULL, 0.41),
      (2, TIMESTAMP '2021-04-12 10:00:00', NULL, 0.51)
    ) t(driver_id, event_timestamp, created, conv_rate)) TO '${nullCreated}' (FORMAT parquet)`,
  );
  await rawSql(
    `COPY (SELECT * FROM (VALUES
      (1001::BIGINT, TIMESTAMP '2021-04-12 10:00:00', TIMESTAMP '2021-04-12 10:00:00', 0.1::DOUBLE, 10::BIGINT),
      (1001, TIMESTAMP '2021-04-12 12:00:00', TIMESTAMP '2021-04-12 12:00:00', 0.2, 20),
      (1001, TIMESTAMP '2021-04-12 12:00:00', TIMESTAMP '2021-04-12 12:30:00', 0.25, 25),
      (1001, TIMESTAMP '2021-04-12 14:00:00', TIMESTAMP '2021-04-12 15:00:00', NULL, 40),
      (1002, TIMESTAMP '2021-04-11 09:00:00', TIMESTAMP '2021-04-11 09:00:00', 0.5, 50),
      (1002, NULL, TIMESTAMP '2021-04-12 00:00:00', 0.9, 90),
      (1003, TIMESTAMP '2021-04-12 08:00:00', TIMESTAMP '2021-04-12 20:00:00', 0.7, 70),
      (NULL, TIMESTAMP '2021-04-12 08:00:00', TIMESTAMP '2021-04-12 08:00:00', 0.8, 80)
    ) t(driver_id, event_timestamp, created, conv_rate, trips)) TO '${stats}' (FORMAT parquet)`,
    `COPY (SELECT * FROM (VALUES
      ('c1', 11::BIGINT, TIMESTAMP '2021-01-01 00:00:00', 1::BIGINT),
      ('c11', 1::BIGINT, TIMESTAMP '2021-01-01 00:00:00', 2::BIGINT)
    ) t(s, n, ts, v)) TO '${pairs}' (FORMAT parquet)`,
    `COPY (SELECT * FROM (VALUES
      ('2021-04-12T05:00:00-05:00', 100),
      ('2021-04-12 13:00:00', 200)
    ) t(ts, total)) TO '${global}' (FORMAT csv, HEADER)`,
  );
  const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
  const pair = defineEntity({ name: 'pair', joinKeys: ['s', 'n'] });
  const driverStats = defineFeatureView({
    name: 'driver_stats',
    entities: [driver],
    ttl: '1d',
    source: fileSource({ path: stats, timestampField: 'event_timestamp', createdTimestampField: 'created' }),
    features: { conv_rate: 'float64', trips: 'int64' },
  });
  const unbounded = defineFeatureView({
    name: 'driver_all',
    entities: [driver],
    ttl: 0,
    source: fileSource({ path: stats, timestampField: 'event_timestamp', createdTimestampField: 'created' }),
    features: { trips: 'int64' },
  });
  const origin = driverStats.withJoinKeyMap({ driver_id: 'origin_id' }).withName('origin_stats');
  const pairs_ = defineFeatureView({
    name: 'pairs',
    entities: [pair],
    source: fileSource({ path: pairs, timestampField: 'ts' }),
    features: { v: 'int64' },
  });
  const globalView = defineFeatureView({
    name: 'global',
    source: fileSource({ path: global, timestampField: 'ts', columns: { total: 'int64' } }),
    features: { total: 'int64' },
  });
  const nullCreatedView = defineFeatureView({
    name: 'null_created',
    entities: [driver],
    source: fileSource({
      path: nullCreated,
      timestampField: 'event_timestamp',
      createdTimestampField: 'created',
    }),
    features: { conv_rate: 'float64' },
  });
  store = await createFeatureStore({
    views: [driverStats, unbounded, origin, pairs_, globalView, nullCreatedView],
    engine: duckdbEngine(),
  });
});

afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

const entityRows = [
  { driver_id: 1001, ts: T('2021-04-12T12:00:00') }, // a: event ts == entity ts counts; tie on event ts → greater created (0.25)
  { driver_id: 1001, ts: T('2021-04-12T11:59:59') }, // b: only the 10:00 row
  { driver_id: 1002, ts: T('2021-04-12T09:00:00') }, // c: row exactly ttl (1d) old: inclusive
  { driver_id: 1002, ts: T('2021-04-12T09:00:00.001') }, // d: 1 ms past ttl: NULL (the NULL-ts row never counts)
  { driver_id: 1001, ts: T('2021-04-12T14:00:00') }, // e: the winner's conv_rate is NULL: stays NULL
  { driver_id: null, ts: T('2021-04-12T14:00:00') }, // f: NULL key matches nothing (not even the NULL-key row)
  { driver_id: 1001, ts: T('2021-04-12T12:00:00') }, // g: duplicate of a: kept
  { driver_id: 9999, ts: T('2021-04-12T12:00:00') }, // h: unknown key
  { driver_id: 1003, ts: T('2021-04-12T09:00:00') }, // i: created after entity ts: counts unless filterByCreatedTimestamp
  { driver_id: 1001, ts: T('2021-04-12T09:00:00') }, // j: before every row
];

for (const plan of ['asof', 'window'] as const) {
  describe(`plan ${plan}`, () => {
    it('applies every candidate and winner rule', async () => {
      const rows = await store
        .getHistoricalFeatures({
          entities: entityRows,
          entityTimestampColumn: 'ts',
          features: ['driver_stats:conv_rate', 'driver_stats:trips'],
          plan,
        })
        .toRows();
      expect(rows.map((row) => [row.conv_rate, row.trips])).toEqual([
        [0.25, 25],
        [0.1, 10],
        [0.5, 50],
        [null, null],
        [null, 40],
        [null, null],
        [0.25, 25],
        [null, null],
        [0.7, 70],
        [null, null],
      ]);
      // every entity column kept, in input order, timestamps as UTC Dates
      expect(rows.map((row) => row.driver_id)).toEqual(entityRows.map((row) => row.driver_id));
      expect(rows.map((row) => (row.ts as Date).toISOString())).toEqual(
        entityRows.map((row) => row.ts.toISOString()),
      );
      expect(Object.keys(rows[0]!)).toEqual(['driver_id', 'ts', 'conv_rate', 'trips']);
    });

    it('filterByCreatedTimestamp drops rows created after the entity time', async () => {
      const rows = await store
        .getHistoricalFeatures({
          entities: entityRows,
          entityTimestampColumn: 'ts',
          features: ['driver_stats:conv_rate'],
          filterByCreatedTimestamp: true,
          plan,
        })
        .toRows();
      // a/g: the 12:30-created row is out, the 12:00-created one wins (0.2); e: the 14:00 row was created at
      // 15:00, so the 12:00 rows are the candidates and the one created 12:30 wins (0.25); i: created 20:00 > 09:00
      expect(rows.map((row) => row.conv_rate)).toEqual([
        0.2,
        0.1,
        0.5,
        null,
        0.25,
        null,
        0.2,
        null,
        null,
        null,
      ]);
    });

    it('a NULL created timestamp loses a tie on event time; with filterByCreatedTimestamp it is no candidate', async () => {
      const entities = [
        { driver_id: 1, ts: T('2021-04-12T11:00:00') },
        { driver_id: 2, ts: T('2021-04-12T11:00:00') },
      ];
      const join = (filterByCreatedTimestamp: boolean) =>
        store
          .getHistoricalFeatures({
            entities,
            entityTimestampColumn: 'ts',
            features: ['null_created:conv_rate'],
            filterByCreatedTimestamp,
            plan,
          })
          .toRows();
      expect((await join(false)).map((row) => row.conv_rate)).toEqual([0.42, 0.51]);
      expect((await join(true)).map((row) => row.conv_rate)).toEqual([0.42, null]);
    });

    it('ttl 0 is unbounded', async () => {
      const rows = await store
        .getHistoricalFeatures({
          entities: entityRows,
          entityTimestampColumn: 'ts',
          features: ['driver_all:trips'],
          plan,
        })
        .toRows();
      expect(rows.map((row) => row.trips)).toEqual([25, 10, 50, 50, 40, null, 25, null, 70, null]);
    });

    it('keys ("c1", 11) and ("c11", 1) do not share features (the Feast SQL bug)', async () => {
      const rows = await store
        .getHistoricalFeatures({
          entities: [
            { s: 'c1', n: 11, ts: T('2021-02-01T00:00:00') },
            { s: 'c11', n: 1, ts: T('2021-02-01T00:00:00') },
            { s: 'c1', n: 1, ts: T('2021-02-01T00:00:00') },
            { s: 'c', n: 111, ts: T('2021-02-01T00:00:00') },
          ],
          entityTimestampColumn: 'ts',
          features: ['pairs:v'],
          plan,
        })
        .toRows();
      expect(rows.map((row) => row.v)).toEqual([1, 2, null, null]);
    });

    it('a view without entities joins on time only; CSV offsets are honoured and naive times are UTC', async () => {
      // global.csv: 05:00-05:00 = 10:00Z → 100; 13:00 (naive = UTC) → 200
      const rows = await store
        .getHistoricalFeatures({
          entities: [
            { driver_id: 1, ts: T('2021-04-12T09:59:59') },
            { driver_id: 1, ts: T('2021-04-12T10:00:00') },
            { driver_id: 1, ts: T('2021-04-12T12:59:59') },
            { driver_id: 1, ts: T('2021-04-12T13:00:00') },
          ],
          entityTimestampColumn: 'ts',
          features: ['global:total'],
          plan,
        })
        .toRows();
      expect(rows.map((row) => row.total)).toEqual([null, 100, 100, 200]);
    });

    it('withJoinKeyMap + withName joins one source twice; views in first-appearance order, features in request order', async () => {
      const rows = await store
        .getHistoricalFeatures({
          entities: [{ driver_id: 1001, origin_id: 1003, ts: T('2021-04-12T12:00:00') }],
          entityTimestampColumn: 'ts',
          features: ['driver_stats:trips', 'origin_stats:conv_rate', 'driver_stats:conv_rate'],
          fullFeatureNames: true,
          plan,
        })
        .toRows();
      expect(Object.keys(rows[0]!)).toEqual([
        'driver_id',
        'origin_id',
        'ts',
        'driver_stats__trips',
        'driver_stats__conv_rate',
        'origin_stats__conv_rate',
      ]);
      expect(rows).toEqual([
        {
          driver_id: 1001,
          origin_id: 1003,
          ts: T('2021-04-12T12:00:00'),
          driver_stats__trips: 25,
          driver_stats__conv_rate: 0.25,
          origin_stats__conv_rate: 0.7,
        },
      ]);
    });
  });
}

it('the plans agree with hand-written SQL on timestamps with offsets from a CSV entity file', async () => {
  const entities = path.join(dir, 'entities.csv');
  // 07:00-05:00 = 12:00Z (a), 12:00 naive = UTC (a), 2021-04-12T20:59:59+09:00 = 11:59:59Z (b)
  await rawSql(
    `COPY (SELECT * FROM (VALUES (1001, '2021-04-12T07:00:00-05:00'), (1001, '2021-04-12 12:00:00'), (1001, '2021-04-12T20:59:59+09:00')) t(driver_id, event_timestamp)) TO '${entities}' (FORMAT csv, HEADER)`,
  );
  const rows = await store
    .getHistoricalFeatures({
      entities,
      entityTimestampColumn: 'event_timestamp',
      features: ['driver_stats:conv_rate'],
    })
    .toRows();
  expect(rows.map((row) => row.conv_rate)).toEqual([0.25, 0.25, 0.1]);
  expect(rows.map((row) => (row.event_timestamp as Date).toISOString())).toEqual([
    '2021-04-12T12:00:00.000Z',
    '2021-04-12T12:00:00.000Z',
    '2021-04-12T11:59:59.000Z',
  ]);
});

it('two features with one bare name: PLINTH_FEATURE_NAME_COLLISION before any query', () => {
  let caught: unknown;
  try {
    store.getHistoricalFeatures({
      entities: path.join(dir, 'does-not-exist.parquet'),
      entityTimestampColumn: 'ts',
      features: ['driver_stats:conv_rate', 'origin_stats:conv_rate'],
    });
  } catch (error) {
    caught = error;
  }
  expect(PlinthError.is(caught, 'PLINTH_FEATURE_NAME_COLLISION')).toBe(true);
});
