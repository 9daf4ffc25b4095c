// A feature store on embedded defaults: an entity and a feature view with a ttl over a Parquet file, a
// point-in-time-correct training set, materialization to an online store on disk, and online lookups.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { fsStorage } from '@plinth/core/fs';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  fileSource,
  storageOnlineStore,
} from '@plinth/features';
import { duckdbEngine } from '@plinth/features/duckdb';

const dir = path.resolve(process.env.PLINTH_DIR ?? '.plinth', 'feature-store');
mkdirSync(dir, { recursive: true });
const statsFile = path.join(dir, 'customer_stats.parquet');
const ordersFile = path.join(dir, 'orders.parquet');

// 1. Feature data: daily stats for 100 customers over 30 days (customer 7 stops being updated after day 9),
//    and 1,000 orders to build training rows for. Written as Parquet by DuckDB.
const duckdb = await (await DuckDBInstance.create(':memory:')).connect();
await duckdb.run(`COPY (
  SELECT i % 100 AS customer_id, TIMESTAMPTZ '2026-01-01 00:00:00+00' + (i // 100) * INTERVAL 1 DAY AS event_timestamp,
         ((i * 37) % 1000) / 10.0 AS spend_7d, CAST((i * 13) % 20 AS BIGINT) AS orders_30d
  FROM range(0, 3000) t(i) WHERE NOT (i % 100 = 7 AND i // 100 > 9)
) TO '${statsFile}' (FORMAT parquet)`);
await duckdb.run(`COPY (
  SELECT i AS order_id, (i * 7) % 100 AS customer_id,
         TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL 43 MINUTE AS event_timestamp
  FROM range(0, 1000) t(i)
) TO '${ordersFile}' (FORMAT parquet)`);
duckdb.closeSync();

// 2. Definitions: an entity and a view whose values are good for 2 days.
const customer = defineEntity({ name: 'customer', joinKeys: ['customer_id'] });
const customerStats = defineFeatureView({
  name: 'customer_stats',
  entities: [customer],
  ttl: '2d',
  source: fileSource({ path: statsFile, timestampField: 'event_timestamp' }),
  features: { spend_7d: 'float64', orders_30d: 'int64' },
});
const store = await createFeatureStore({
  views: [customerStats],
  engine: duckdbEngine(),
  online: storageOnlineStore({ storage: fsStorage({ dir: path.join(dir, 'online') }) }),
  clock: { now: () => Date.parse('2026-01-31T00:00:00Z') }, // "now", for the ages of online values
});

// 3. Training set: each order gets the stats as they were at the order's time (never later ones).
const training = await store
  .getHistoricalFeatures({
    entities: ordersFile,
    entityTimestampColumn: 'event_timestamp',
    features: ['customer_stats:spend_7d', 'customer_stats:orders_30d'],
  })
  .toRows();
for (const row of training.slice(0, 3)) {
  console.log(
    `order ${row.order_id} customer ${row.customer_id} at ${(row.event_timestamp as Date).toISOString()}: spend_7d ${row.spend_7d} orders_30d ${row.orders_30d}`,
  );
}
const expired = training.filter((row) => row.spend_7d === null).length;
console.log(
  `training set: ${training.length} rows, ${expired} without features (before the first stats, or past the 2-day ttl)`,
);

// 4. Serving: materialize the latest row of each customer, then look features up by key.
const materialized = await store.materialize({ start: '2026-01-01T00:00:00Z', end: '2026-01-31T00:00:00Z' });
console.log(`materialized ${materialized.views[0]!.rows} customers`);
const online = await store.getOnlineFeatures({
  features: ['customer_stats:spend_7d', 'customer_stats:orders_30d'],
  entityRows: [{ customer_id: 42 }, { customer_id: 7 }, { customer_id: 1234 }],
});
console.log('online spend_7d:', online.columns.spend_7d, online.statuses.spend_7d);
await store.close();
