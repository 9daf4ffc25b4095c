// Materialization takes a faster path where the engine and the store allow it (rows grouped by shard in DuckDB
// for a storage store, row texts built in DuckDB for Redis). Each store here is materialized twice, once through
// the engine as it is and once through the same engine with those paths hidden (the row-by-row path), and the
// answers must be identical: every value type and its edge cases, integer keys beyond 2^53, two-column keys,
// created-ts ties, a first write, a merge into rows already stored, and an older window that changes nothing.
import path from 'node:path';
import { manualClock } from '@plinth/core';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import type { OfflineEngine } from '../src/engine/port.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureView,
  fileSource,
  type OnlineStore,
  storageOnlineStore,
} from '../src/index.ts';
import { redisOnlineStore } from '../src/online/redis/index.node.ts';
import { rawSql, tempDir } from './helpers.ts';

const ENTITIES = 3000;
const BIG = 2n ** 60n;
const DAY = 86_400_000;
const T0 = Date.parse('2021-01-01T00:00:00Z');
const runId = `plinth-test-mat-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

let dir: string;
let cleanup: () => Promise<void>;
let views: FeatureView[];
const admin = createClient({ url: 'redis://127.0.0.1:6379' });
admin.on('error', () => {});

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await admin.connect();
  const items = path.join(dir, 'items.parquet');
  const pairs = path.join(dir, 'pairs.parquet');
  // entity i has rows on days i % 5 + step (step 0..2); step 2 ties step 1 on event time and wins on created ts,
  // except where its created ts is NULL (i % 11 = 0: then step 1, created ts set, wins the tie)
  await rawSql(
    `COPY (SELECT
       CASE WHEN i = 7 THEN ${BIG}::BIGINT + 7 ELSE i - 100 END AS id,
       TIMESTAMP '2021-01-01' + to_days(CAST(i % 5 + least(s, 1) AS INTEGER)) AS ts,
       CASE WHEN s = 2 AND i % 11 = 0 THEN NULL ELSE TIMESTAMP '2021-02-01' + to_seconds(CAST(s AS BIGINT)) END AS created,
       CASE WHEN i = 3 THEN ${BIG}::BIGINT + s WHEN i % 13 = 0 THEN NULL ELSE i * 10 + s END AS big,
       CASE i % 9 WHEN 0 THEN 'nan'::DOUBLE WHEN 1 THEN 'inf'::DOUBLE WHEN 2 THEN '-inf'::DOUBLE WHEN 3 THEN '-0.0'::DOUBLE
         WHEN 4 THEN NULL ELSE i / 7 + s END AS rate,
       CAST(i / 3 + s AS FLOAT) AS small,
       CAST(i % 1000 - 500 + s AS INTEGER) AS count,
       CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN 'quote " backslash \\ slash /' WHEN 2 THEN 'line' || chr(10) || 'break' || chr(30) || chr(31)
         WHEN 3 THEN 'é ✓ 😀' WHEN 4 THEN '' ELSE 't' || i || ';' || s END AS tag,
       CASE WHEN i % 7 = 0 THEN NULL ELSE (i + s) % 2 = 0 END AS flag,
       CASE WHEN i % 4 = 0 THEN NULL ELSE TIMESTAMP '2020-06-01' + to_milliseconds(CAST(i * 1000 + s AS BIGINT)) END AS seen
     FROM range(${ENTITIES}) r(i), range(3) v(s)
     ORDER BY hash(i, s)) TO '${items}' (FORMAT parquet)`,
    `COPY (SELECT CAST(i % 50 AS INTEGER) AS a, CAST(i // 50 AS BIGINT) - 3 AS b,
       TIMESTAMP '2021-01-01' + to_days(CAST(i % 3 + s AS INTEGER)) AS ts, i * 100 + s AS v
     FROM range(500) r(i), range(2) v(s)) TO '${pairs}' (FORMAT parquet)`,
  );
  views = [
    defineFeatureView({
      name: 'items',
      entities: [defineEntity({ name: 'item', joinKeys: ['id'] })],
      source: fileSource({ path: items, timestampField: 'ts', createdTimestampField: 'created' }),
      features: {
        big: 'int64',
        rate: 'float64',
        small: 'float32',
        count: 'int32',
        tag: 'string',
        flag: 'bool',
        seen: 'timestamp',
      },
    }),
    defineFeatureView({
      name: 'pairs',
      entities: [defineEntity({ name: 'pair', joinKeys: ['a', 'b'] })],
      source: fileSource({ path: pairs, timestampField: 'ts' }),
      features: { v: 'int64' },
    }),
  ];
});

afterAll(async () => {
  const keys: string[] = [];
  for await (const page of admin.scanIterator({ MATCH: `${runId}*`, COUNT: 1000 })) keys.push(...page);
  if (keys.length > 0) await admin.unlink(keys);
  await admin.close();
  await cleanup?.();
});

/** The engine with its grouped paths hidden: materialization goes row by row through `latest`. */
function rowByRow(engine: OfflineEngine): OfflineEngine {
  return {
    kind: engine.kind,
    validateViews: (list) => engine.validateViews(list),
    joinToColumns: (query) => engine.joinToColumns(query),
    joinToFile: (query, file, format) => engine.joinToFile(query, file, format),
    writeColumns: (columns, file, format) => engine.writeColumns(columns, file, format),
    latest: (query) => engine.latest(query),
    push: (view, columns) => engine.push(view, columns),
    close: () => engine.close(),
  };
}

const itemRows = Array.from({ length: ENTITIES + 2 }, (_, i) => ({
  id: i === 7 ? BIG + 7n : i === ENTITIES ? BIG : i - 100,
}));
const pairRows = Array.from({ length: 60 }, (_, i) => ({ a: i % 50, b: Math.floor(i / 50) - 3 }));
const ITEM_FEATURES = ['big', 'rate', 'small', 'count', 'tag', 'flag', 'seen'].map((name) => `items:${name}`);

const stores: { name: string; make: (tag: string) => OnlineStore | Promise<OnlineStore> }[] = [
  { name: 'storageOnlineStore(memory)', make: () => storageOnlineStore({ storage: memoryStorage() }) },
  {
    name: 'storageOnlineStore(fs)',
    // a shard count that is not a power of two: the whole hash picks the shard, not its low bits
    make: (tag) => storageOnlineStore({ storage: fsStorage({ dir: path.join(dir, tag) }), shards: 7 }),
  },
  {
    name: 'redisOnlineStore',
    // few buckets, so most hold several entities (the merge script then works on shared strings)
    make: (tag) =>
      redisOnlineStore({ url: 'redis://127.0.0.1:6379', keyPrefix: `${runId}-${tag}:`, buckets: 61 }),
  },
];

describe.each(stores)('$name', ({ name, make }) => {
  it('the grouped path stores what the row-by-row path stores: first write, merge, older window', async () => {
    const clock = manualClock(T0 + 30 * DAY);
    const open = async (tag: string, engine: OfflineEngine) =>
      createFeatureStore({ views, engine, online: await make(`${name.length}-${tag}`), clock });
    const fast = await open('fast', duckdbEngine());
    const slow = await open('slow', rowByRow(duckdbEngine()));
    const answers = async (store: typeof fast) => [
      await store.getOnlineFeatures({ features: ITEM_FEATURES, entityRows: itemRows }),
      await store.getOnlineFeatures({ features: ['pairs:v'], entityRows: pairRows }),
    ];
    const same = async () => {
      const [fastItems, fastPairs] = await answers(fast);
      const [slowItems, slowPairs] = await answers(slow);
      expect(fastItems!.columns).toEqual(slowItems!.columns);
      expect(fastItems!.statuses).toEqual(slowItems!.statuses);
      expect(fastItems!.eventTimestamps).toEqual(slowItems!.eventTimestamps);
      expect(fastPairs!.columns).toEqual(slowPairs!.columns);
      expect(fastPairs!.eventTimestamps).toEqual(slowPairs!.eventTimestamps);
      return fastItems!;
    };
    try {
      // a first write (every shard or key new), then a window that merges into what is stored
      for (const end of [T0 + 2 * DAY, T0 + 10 * DAY]) {
        const fastResult = await fast.materialize({ start: 0, end });
        const slowResult = await slow.materialize({ start: 0, end });
        expect(fastResult.views.map((view) => view.rows)).toEqual(slowResult.views.map((view) => view.rows));
        expect(fastResult.views.map((view) => view.written)).toEqual(
          slowResult.views.map((view) => view.written),
        );
        await same();
      }
      const items = await same();
      // spot checks by hand: the bigint key and value, a -0, a string with a line break and record separators, created-ts ties
      expect(items.columns.big![3 + 0]).toBe(BIG + 2n);
      expect(items.columns.big![7]).toBe(72);
      expect(Object.is(items.columns.rate![12], -0)).toBe(true);
      expect(items.columns.tag![2]).toBe('line\nbreak\x1e\x1f'); // the Redis store's record separators
      expect(items.columns.tag![11]).toBe('t11;1'); // i % 11 = 0: the step-2 row has no created ts and loses
      expect(items.statuses.big![ENTITIES + 1]).toBe('not_found');
      // an older window changes nothing
      const again = await fast.materialize({ start: 0, end: T0 + 2 * DAY });
      expect(again.views.map((view) => view.written)).toEqual([0, 0]);
      expect((await answers(fast))[0]!.columns).toEqual(items.columns);
    } finally {
      await fast.close();
      await slow.close();
    }
  });
});
