// Materialization keeps types: int64 beyond 2^53 as bigint (keys and values), timestamps as Date, string and
// two-column keys; the ("c1", 11) / ("c11", 1) keys stay apart online too. Expected values by hand.
import path from 'node:path';
import { manualClock } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureStore,
  fileSource,
  storageOnlineStore,
} from '../src/index.ts';
import { rawSql, tempDir } from './helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
let store: FeatureStore;
const BIG = 2n ** 60n;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const big = path.join(dir, 'big.parquet');
  const pairs = path.join(dir, 'pairs.parquet');
  await rawSql(
    `COPY (SELECT * FROM (VALUES
      (${BIG + 1n}::BIGINT, TIMESTAMP '2021-01-01 00:00:00', ${BIG + 3n}::BIGINT, TIMESTAMP '2020-12-31 12:34:56.789'),
      (5::BIGINT, TIMESTAMP '2021-01-01 00:00:00', -7::BIGINT, NULL)
    ) t(id, ts, amount, seen)) TO '${big}' (FORMAT parquet)`,
    `COPY (SELECT * FROM (VALUES
      ('c1', 11::BIGINT, TIMESTAMP '2021-01-01 00:00:00', 1::BIGINT),
      ('c11', 1::BIGINT, TIMESTAMP '2021-01-01 00:00:00', 2::BIGINT)
    ) t(s, n, ts, v)) TO '${pairs}' (FORMAT parquet)`,
  );
  const bigView = defineFeatureView({
    name: 'big',
    entities: [defineEntity({ name: 'thing', joinKeys: ['id'] })],
    source: fileSource({ path: big, timestampField: 'ts' }),
    features: { amount: 'int64', seen: 'timestamp' },
  });
  const pairView = defineFeatureView({
    name: 'pairs',
    entities: [defineEntity({ name: 'pair', joinKeys: ['s', 'n'] })],
    source: fileSource({ path: pairs, timestampField: 'ts' }),
    features: { v: 'int64' },
  });
  store = await createFeatureStore({
    views: [bigView, pairView],
    engine: duckdbEngine(),
    online: storageOnlineStore({ storage: memoryStorage() }),
    clock: manualClock(Date.parse('2021-01-02T00:00:00Z')),
  });
  await store.materialize({ start: 0, end: Date.parse('2021-01-02T00:00:00Z') });
});

afterAll(async () => {
  await store?.close();
  await cleanup?.();
});

it('int64 beyond 2^53 stays exact (bigint), timestamps come back as Date', async () => {
  const answer = await store.getOnlineFeatures({
    features: ['big:amount', 'big:seen'],
    entityRows: [{ id: BIG + 1n }, { id: 5 }, { id: BIG }],
  });
  expect(answer.columns.amount).toEqual([BIG + 3n, -7, null]);
  expect(answer.columns.seen).toEqual([new Date('2020-12-31T12:34:56.789Z'), null, null]);
  expect(answer.statuses.seen).toEqual(['present', 'null_value', 'not_found']);
  // the same values offline
  const offline = await store
    .getHistoricalFeatures({
      entities: [{ id: BIG + 1n, at: new Date('2021-01-01T12:00:00Z') }],
      entityTimestampColumn: 'at',
      features: ['big:amount', 'big:seen'],
    })
    .toRows();
  expect(offline[0]).toMatchObject({ amount: BIG + 3n, seen: new Date('2020-12-31T12:34:56.789Z') });
});

it('two-column keys ("c1", 11) and ("c11", 1) stay apart online', async () => {
  const answer = await store.getOnlineFeatures({
    features: ['pairs:v'],
    entityRows: [
      { s: 'c1', n: 11 },
      { s: 'c11', n: 1 },
      { s: 'c1', n: 1 },
    ],
  });
  expect(answer.columns.v).toEqual([1, 2, null]);
});

it('materializes thousands of entities over many chunks and batches: nulls, a bigint and created ts where they fall', async () => {
  // 5000 entities × 3 rows; entity i's rows are stamped (i % 7) days, (i % 7) + 1 days and (i % 7) + 1 days
  // again with a created ts (the last one wins when it has created ts 2, the middle one has none). Values by rule:
  // rate = i / 4 (NULL when i % 13 = 0), count = i (2^60 + i for i = 3333), tag = 't<i % 3>' (NULL when i % 5 = 0)
  const entities = 5000;
  const file = path.join(dir, 'many.parquet');
  await rawSql(
    `COPY (SELECT id, TIMESTAMP '2021-01-01' + to_days(CAST(id % 7 + step AS INTEGER)) AS ts,
       CASE WHEN step = 2 THEN TIMESTAMP '2021-02-01' + to_seconds(CAST(id AS BIGINT)) END AS created,
       CASE WHEN id % 13 = 0 THEN NULL ELSE id / 4 + step * 1000 END AS rate,
       CASE WHEN id = 3333 THEN ${BIG}::BIGINT + id ELSE id + step * 100000 END AS count,
       CASE WHEN id % 5 = 0 THEN NULL ELSE 't' || (id % 3) END AS tag
     FROM (SELECT i AS id, s AS step FROM range(${entities}) r(i), (VALUES (0), (1), (2)) v(s))
     WHERE NOT (step = 0 AND id % 2 = 0)
     ORDER BY hash(id, step)) TO '${file}' (FORMAT parquet)`,
  );
  const view = defineFeatureView({
    name: 'many',
    entities: [defineEntity({ name: 'item', joinKeys: ['id'] })],
    source: fileSource({ path: file, timestampField: 'ts', createdTimestampField: 'created' }),
    features: { rate: 'float64', count: 'int64', tag: 'string' },
  });
  for (const batchRows of [1000, 100_000]) {
    const many = await createFeatureStore({
      views: [view],
      engine: duckdbEngine(),
      online: storageOnlineStore({ storage: memoryStorage() }),
      clock: manualClock(Date.parse('2021-03-01T00:00:00Z')),
    });
    const result = await many.materialize({ start: 0, end: Date.parse('2021-03-01T00:00:00Z'), batchRows });
    expect(result.views[0]).toMatchObject({ rows: entities, written: entities, skipped: 0 });
    const ids = Array.from({ length: entities }, (_, id) => id);
    const online = await many.getOnlineFeatures({
      features: ['many:rate', 'many:count', 'many:tag'],
      entityRows: ids.map((id) => ({ id })),
    });
    // the winner of each entity is its step-2 row (same event ts as step 1, and a created ts)
    expect(online.columns.rate).toEqual(ids.map((id) => (id % 13 === 0 ? null : id / 4 + 2000)));
    expect(online.columns.count).toEqual(ids.map((id) => (id === 3333 ? BIG + 3333n : id + 200000)));
    expect(online.columns.tag).toEqual(ids.map((id) => (id % 5 === 0 ? null : `t${id % 3}`)));
    expect(online.eventTimestamps.rate).toEqual(ids.map((id) => Date.UTC(2021, 0, 1 + (id % 7) + 2)));
    await many.close();
  }
});
