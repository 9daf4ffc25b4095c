import { DuckDBInstance } from '@duckdb/node-api';
import { createFeatureStore, defineEntity, defineFeatureView, fileSource } from '@plinth/features';
import { duckdbEngine } from '@plinth/features/duckdb';
import { redisOnlineStore } from '@plinth/features/redis';
import { generateFeatureData } from '../lib/features-data.ts';
import { rowTextsSql } from '../../packages/features/src/engine/duckdb/row-texts.ts';
import { Params } from '../../packages/features/src/engine/duckdb/sql.ts';

const data = await generateFeatureData({ entityRows: 1000, driverRows: 1000, pairRows: 1000 });
const customer = defineEntity({ name: 'customer', joinKeys: ['customer_id'] });
const view = defineFeatureView({
  name: 'customer_profile', entities: [customer], ttl: 0,
  source: fileSource({ path: data.customerProfile, timestampField: 'event_timestamp' }),
  features: { age_bucket: 'int64', lifetime_value: 'float64', tier: 'string' },
});
const raw = await (await DuckDBInstance.create(':memory:')).connect();
await raw.run("SET TimeZone = 'UTC'");
const latestSql = `SELECT customer_id, age_bucket, lifetime_value, tier, epoch_ms(CAST(event_timestamp AS TIMESTAMPTZ)) AS ets
    FROM read_parquet('${data.customerProfile}') WHERE event_timestamp IS NOT NULL AND customer_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY event_timestamp DESC) = 1`;
const B = Number(process.env.B ?? 131072);
const params = new Params();
const query = { view, startMs: Date.parse('2023-01-01'), endMs: Date.parse('2025-01-01'), batchRows: 10000 };
const time = async (label: string, f: () => Promise<unknown>) => {
  const ts: number[] = [];
  for (let i = 0; i < 3; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  console.log(label, ts.map((t) => t.toFixed(0)).join(' '));
};
await time('latest control', () => raw.run(`CREATE OR REPLACE TEMP TABLE latest AS ${latestSql}`));
let sql = '';
try { sql = rowTextsSql(query as any, params, undefined, B); } catch (e) { console.log('sql failed', e); }
if (sql) await time('row texts table', () => raw.run(`CREATE OR REPLACE TEMP TABLE rt AS ${sql}`, params.values as any));
const engine = duckdbEngine();
await time('row texts to JS', async () => { let n = 0; for await (const b of (await engine.latestRowTexts!(query as any, B))!) n += b.length; });
const prefix = `plinth-prof-${process.pid}:`;
const online = redisOnlineStore({ url: 'redis://127.0.0.1:6379', keyPrefix: prefix, buckets: B });
const store = await createFeatureStore({ views: [view], engine: duckdbEngine(), online });
await time('materialize redis', async () => { await online.dropView(view.name); await store.materialize({ start: '2023-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z' }); });
await online.dropView(view.name);
await store.close();
await time('latest control', () => raw.run(`CREATE OR REPLACE TEMP TABLE latest AS ${latestSql}`));
