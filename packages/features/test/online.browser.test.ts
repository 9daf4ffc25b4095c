// In a real browser (Chromium): online reads, on-demand views and feature services over IndexedDB; the DuckDB
// engine says it needs Node.
import { PlinthError } from '@plinth/core';
import { idbStorage } from '@plinth/core/idb';
import { expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.browser.ts';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureService,
  defineFeatureView,
  defineOnDemandFeatureView,
  fileSource,
  storageOnlineStore,
} from '../src/index.ts';

it('getOnlineFeatures with an on-demand view and a service over idbStorage', async () => {
  const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
  const stats = defineFeatureView({
    name: 'driver_stats',
    entities: [driver],
    ttl: '1d',
    source: fileSource({ path: 'driver_stats.parquet', timestampField: 'event_timestamp' }),
    features: { conv_rate: 'float64', trips: 'int64' },
  });
  const adjusted = defineOnDemandFeatureView({
    name: 'adjusted',
    sources: [stats],
    requestFields: { bonus: 'float64' },
    features: { boosted: 'float64' },
    transform: (row) => ({
      boosted: row.conv_rate === null ? null : (row.conv_rate as number) + (row.bonus as number),
    }),
  });
  const service = defineFeatureService({ name: 'svc', features: ['driver_stats:trips', adjusted] });
  const storage = idbStorage({ database: `plinth-features-${crypto.randomUUID()}` });
  const now = Date.parse('2021-04-12T12:00:00Z');
  const store = await createFeatureStore({
    views: [stats],
    onDemandViews: [adjusted],
    services: [service],
    online: storageOnlineStore({ storage }),
    clock: { now: () => now },
  });
  await store.push({
    view: 'driver_stats',
    rows: [{ driver_id: 1, event_timestamp: '2021-04-12T00:00:00Z', conv_rate: 0.25, trips: 3 }],
  });
  const answer = await store.getOnlineFeatures({
    features: service,
    entityRows: [
      { driver_id: 1, bonus: 1 },
      { driver_id: 2, bonus: 1 },
    ],
  });
  expect(answer.names).toEqual(['driver_id', 'bonus', 'trips', 'boosted']);
  expect(answer.columns.trips).toEqual([3, null]);
  expect(answer.statuses.trips).toEqual(['present', 'not_found']);
  expect(answer.columns.boosted).toEqual([1.25, null]);
  await store.close();
});

it('duckdbEngine throws PLINTH_UNSUPPORTED_RUNTIME in a browser', () => {
  let caught: unknown;
  try {
    duckdbEngine();
  } catch (error) {
    caught = error;
  }
  expect(PlinthError.is(caught, 'PLINTH_UNSUPPORTED_RUNTIME')).toBe(true);
});
