import os from 'node:os';
import { benchOnlineStores } from './lib/features-online.ts';
import { report } from './lib/harness.ts';

/**
 * features-online: the online stores alone (the `features` benchmark calls the same function): warm lookup
 * p50/p99 for 1 and 100 entities × 3 views × 10 features on memory, fs and Redis (default buckets, and 8192 buckets as a dense case), through `getOnlineFeatures`
 * (what the budgets are about), through the store's `readMany`, and for Redis through a bare node-redis `MGET`
 * of the same buckets (what a user would write instead), the ways taking turns 200 lookups at a time after 1,000 untimed each,
 * and write throughput of
 * 1,000,000 rows to fs and Redis. `PLINTH_BENCH_STORES=memory,fs` limits the stores,
 * `PLINTH_BENCH_WRITE_ROWS` sets the rows written.
 */
export default async function featuresOnlineBench(): Promise<void> {
  const stores = (process.env.PLINTH_BENCH_STORES?.split(',') ?? [
    'memory',
    'fs',
    'redis',
    'redis-dense',
  ]) as ('memory' | 'fs' | 'redis' | 'redis-dense')[];
  const writeRows = Number(process.env.PLINTH_BENCH_WRITE_ROWS ?? 1_000_000);
  const figures = await benchOnlineStores({ stores, writeRows });
  report({
    name: 'features-online',
    results: figures.results,
    ratios: {},
    extra: { lookups: figures.lookups, writes: figures.writes, loadAverage: os.loadavg() },
  });
}
