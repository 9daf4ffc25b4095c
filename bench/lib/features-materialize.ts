// The materialize part of benchmark `features`: 1,000,000 customers (customer_profile, 3,000,000 source rows)
// to memory, fs and Redis, against DuckDB's own time to compute the latest rows (CREATE TABLE of the window
// query), in two like-for-like pairs:
// - held: a feature store created once per sample outside the timed region, on one DuckDB engine shared by
//   every sample, times `materialize()` alone, against the hand-written query on a connection held the same
//   way (a service that materializes on a schedule);
// - cold: a new feature store (a new DuckDB instance) + materialize + close, against a new DuckDB instance +
//   the query + close (a one-off job).
// One untimed round first, so both pairs start from the same state.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { fsStorage } from '@plinth/core/fs';
import { memoryStorage } from '@plinth/core/memory';
import {
  createFeatureStore,
  type FeatureStore,
  type FeatureView,
  type OnlineStore,
  storageOnlineStore,
} from '@plinth/features';
import { duckdbEngine } from '@plinth/features/duckdb';
import { type BenchCase, type CaseResult, timeCases } from './harness.ts';

type Target = 'memory' | 'fs' | 'redis';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Runs the materialize cases; returns their results, the ratios and the number of entities written. */
export async function benchMaterialize(options: {
  views: readonly FeatureView[];
  /** The source file of customer_profile. */
  customerProfile: string;
  samples: number;
  targets: readonly Target[];
}): Promise<{ results: CaseResult[]; ratios: Record<string, number>; entities: number }> {
  const { views, samples, targets } = options;
  const range = { start: '2023-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z', views: ['customer_profile'] };
  const latestSql = `SELECT customer_id, age_bucket, lifetime_value, tier, epoch_ms(CAST(event_timestamp AS TIMESTAMPTZ)) AS ets
    FROM read_parquet('${options.customerProfile}') WHERE event_timestamp IS NOT NULL AND customer_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY event_timestamp DESC) = 1`;
  const createLatest = `CREATE OR REPLACE TEMP TABLE latest AS ${latestSql}`;
  const held = await (await DuckDBInstance.create(':memory:')).connect();
  const engine = duckdbEngine();
  const dirs: string[] = [];
  const keyPrefix = `plinth-bench-materialize-${process.pid}:`;
  const redisStore = async () => (await import('@plinth/features/redis')).redisOnlineStore;
  const dropRedis = async () => {
    const cleaner = (await redisStore())({ url: REDIS_URL, keyPrefix, timeoutMs: 60_000 });
    await cleaner.dropView('customer_profile');
    await cleaner.close();
  };
  /** A new, empty online store of a target (Redis: the view dropped first). */
  const emptyOnline = async (target: Target): Promise<OnlineStore> => {
    if (target === 'memory') return storageOnlineStore({ storage: memoryStorage() });
    if (target === 'fs') {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'plinth-features-bench-online-'));
      dirs.push(dir);
      return storageOnlineStore({ storage: fsStorage({ dir }) });
    }
    await dropRedis();
    return (await redisStore())({ url: REDIS_URL, keyPrefix, timeoutMs: 60_000 });
  };
  const names: Record<Target, string> = {
    memory: 'storageOnlineStore(memory)',
    fs: 'storageOnlineStore(fs)',
    redis: 'redisOnlineStore (loopback)',
  };
  let entities = 0;
  const heldCase = (target: Target): BenchCase => {
    let store: FeatureStore | undefined;
    let online: OnlineStore | undefined;
    return {
      label: `plinth materialize → ${names[target]}, store held`,
      setup: async () => {
        online = await emptyOnline(target);
        store = await createFeatureStore({ views, engine, online });
      },
      run: async () => {
        const result = await store!.materialize(range);
        entities = result.views[0]!.written;
      },
      // the online store's data is released before the next case runs (the engine stays)
      teardown: async () => {
        await online!.close();
        store = undefined;
        online = undefined;
      },
    };
  };
  const coldCase = (target: Target): BenchCase => {
    let online: OnlineStore | undefined;
    return {
      label: `plinth new store + materialize + close → ${names[target]}`,
      setup: async () => {
        online = await emptyOnline(target);
      },
      run: async () => {
        const store = await createFeatureStore({ views, engine: duckdbEngine(), online: online! });
        await store.materialize(range);
        await store.close();
      },
    };
  };
  const cases: BenchCase[] = [
    {
      label: 'DuckDB: latest row per customer (CREATE TABLE), connection held',
      run: () => held.run(createLatest),
    },
    {
      label: 'DuckDB: new instance + latest row per customer (CREATE TABLE) + close',
      run: async () => {
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        await connection.run(createLatest);
        connection.closeSync();
        instance.closeSync();
      },
    },
    ...targets.map(heldCase),
    ...targets.map(coldCase),
  ];
  try {
    const results = await timeCases(cases, { samples, warmup: 1, collect: true });
    const [heldDuck, coldDuck] = results.map((result) => result.medianMs) as [number, number];
    const ratios: Record<string, number> = {};
    targets.forEach((target, index) => {
      const name = target === 'redis' ? 'Redis' : target;
      ratios[`materialize to ${name} / DuckDB latest rows, held (budget 2)`] =
        results[2 + index]!.medianMs / heldDuck;
      ratios[`materialize to ${name} / DuckDB latest rows, cold (budget 2)`] =
        results[2 + targets.length + index]!.medianMs / coldDuck;
    });
    return { results, ratios, entities };
  } finally {
    held.closeSync();
    await engine.close();
    if (targets.includes('redis')) await dropRedis();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
