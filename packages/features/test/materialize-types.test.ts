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
