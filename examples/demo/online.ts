// Per-request online features for the deployment's featureLookup. Each request awaits its own row, but the
// lookups of requests that arrive in the same turn of the event loop share one getOnlineFeatures call (the
// DataLoader pattern): a store lookup of 100 rows costs about what a lookup of one does.
import type { FeatureStore } from '@plinth/features';
import { STORED_FEATURES, type StoredFeatures } from './features.ts';

export interface TransactionRequest {
  transactionId: number;
  userId: number;
  merchantId: number;
  amount: number;
  timeMs: number;
}

export function batchedOnlineLookup(
  store: FeatureStore,
): (request: TransactionRequest) => Promise<StoredFeatures> {
  let pending: Array<{
    request: TransactionRequest;
    resolve: (row: StoredFeatures) => void;
    reject: (error: unknown) => void;
  }> = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const result = await store.getOnlineFeatures({
        features: STORED_FEATURES,
        entityRows: batch.map(({ request }) => ({
          user_id: request.userId,
          merchant_id: request.merchantId,
        })),
      });
      const column = (name: keyof StoredFeatures) => result.columns[name] as ReadonlyArray<number | null>;
      const columns = {
        avg_amount_30d: column('avg_amount_30d'),
        txn_count_7d: column('txn_count_7d'),
        account_age_days: column('account_age_days'),
        risk_score: column('risk_score'),
        fraud_rate_30d: column('fraud_rate_30d'),
      };
      for (const [index, { resolve }] of batch.entries()) {
        resolve({
          avg_amount_30d: columns.avg_amount_30d[index] ?? null,
          txn_count_7d: columns.txn_count_7d[index] ?? null,
          account_age_days: columns.account_age_days[index] ?? null,
          risk_score: columns.risk_score[index] ?? null,
          fraud_rate_30d: columns.fraud_rate_30d[index] ?? null,
        });
      }
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  };
  return (request) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ request, resolve, reject });
    });
}
