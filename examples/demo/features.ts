// The feature definitions of the demo: two entities and two feature views with ttls over the Parquet sources,
// and the one function that turns a transaction's amount and its looked-up features into the model's inputs.
// The same function runs on the offline point-in-time join and on every online lookup, so training and
// serving cannot disagree.
import type { Clock, StorageAdapter } from '@plinth/core';
import {
  createFeatureStore,
  defineEntity,
  defineFeatureView,
  type FeatureStore,
  fileSource,
  storageOnlineStore,
} from '@plinth/features';
import { duckdbEngine } from '@plinth/features/duckdb';
import type { SourceFiles } from './sources.ts';

/** The model's inputs, in tensor order. */
export const FEATURE_NAMES = [
  'log_amount',
  'amount_vs_user_avg',
  'txn_count_7d',
  'log_account_age',
  'merchant_risk',
  'merchant_fraud_rate',
] as const;

/** The stored features a prediction reads, as `view:feature` references. */
export const STORED_FEATURES = [
  'user_stats:avg_amount_30d',
  'user_stats:txn_count_7d',
  'user_stats:account_age_days',
  'merchant_stats:risk_score',
  'merchant_stats:fraud_rate_30d',
];

/** Stored feature values of one transaction (`null`: not found, or older than the view's ttl). */
export interface StoredFeatures {
  avg_amount_30d: number | null;
  txn_count_7d: number | null;
  account_age_days: number | null;
  risk_score: number | null;
  fraud_rate_30d: number | null;
}

/**
 * Writes the model inputs of one transaction into `out` at `offset`. Missing features (a user past the ttl, an
 * unknown merchant) get neutral values.
 */
export function modelInputs(
  amount: number,
  stored: StoredFeatures,
  out: Float32Array | Float64Array,
  offset = 0,
): void {
  const average = stored.avg_amount_30d ?? amount;
  out[offset] = Math.log(amount);
  out[offset + 1] = Math.log(amount / average);
  out[offset + 2] = stored.txn_count_7d ?? 0;
  out[offset + 3] = Math.log1p(stored.account_age_days ?? 365);
  out[offset + 4] = stored.risk_score ?? 0;
  out[offset + 5] = stored.fraud_rate_30d ?? 0.03;
}

export function defineFeatures(files: SourceFiles) {
  const user = defineEntity({ name: 'user', joinKeys: ['user_id'] });
  const merchant = defineEntity({ name: 'merchant', joinKeys: ['merchant_id'] });
  const userStats = defineFeatureView({
    name: 'user_stats',
    entities: [user],
    ttl: '30d',
    source: fileSource({ path: files.userStats, timestampField: 'event_timestamp' }),
    features: { avg_amount_30d: 'float64', txn_count_7d: 'float64', account_age_days: 'float64' },
  });
  const merchantStats = defineFeatureView({
    name: 'merchant_stats',
    entities: [merchant],
    ttl: '8d',
    source: fileSource({ path: files.merchantStats, timestampField: 'event_timestamp' }),
    features: { risk_score: 'float64', fraud_rate_30d: 'float64' },
  });
  return { user, merchant, userStats, merchantStats };
}

/** A feature store over the sources: DuckDB offline, an online store over `storage`. */
export async function openFeatureStore(
  files: SourceFiles,
  storage: StorageAdapter,
  clock: Clock,
): Promise<FeatureStore> {
  const { userStats, merchantStats } = defineFeatures(files);
  return createFeatureStore({
    views: [userStats, merchantStats],
    engine: duckdbEngine({ config: { threads: '2' } }),
    online: storageOnlineStore({ storage, prefix: 'features-online' }),
    clock,
  });
}
