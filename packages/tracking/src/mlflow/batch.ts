// Splitting what a run logs into `runs/log-batch` requests that MLflow accepts.
import type { MlflowKeyValue, MlflowMetric } from './convert.ts';

/** MLflow's limits on one `runs/log-batch` request. */
export const MLFLOW_LOG_BATCH_LIMITS = Object.freeze({
  /** Metric points per request. */
  metrics: 1000,
  /** Params per request. */
  params: 100,
  /** Tags per request. */
  tags: 100,
  /** Metrics, params and tags together. */
  items: 1000,
  /** Bytes of the JSON body. */
  bytes: 1_000_000,
});

/** The limits {@link chunkLogBatch} respects. */
export type LogBatchLimits = typeof MLFLOW_LOG_BATCH_LIMITS;

/** What a run has to log. */
export interface LogBatchItems {
  metrics: MlflowMetric[];
  params: MlflowKeyValue[];
  tags: MlflowKeyValue[];
}

/** The body of one `runs/log-batch` request (empty lists left out, as MLflow's own client does). */
export interface LogBatchBody {
  run_id: string;
  metrics?: MlflowMetric[];
  params?: MlflowKeyValue[];
  tags?: MlflowKeyValue[];
}

const utf8 = new TextEncoder();
const bytesOf = (value: unknown) => utf8.encode(JSON.stringify(value)).length;

/**
 * Splits `items` into log-batch bodies, in order (params, then tags, then metrics), each within `limits`:
 * at most 1000 metrics, 100 params, 100 tags and 1000 items, a body of at most 1,000,000 bytes, and a param
 * or tag key at most once per body (MLflow refuses a batch that repeats a param key; a repeated tag key goes
 * into the next body so the later value wins).
 */
export function chunkLogBatch(
  runId: string,
  items: LogBatchItems,
  limits: LogBatchLimits = MLFLOW_LOG_BATCH_LIMITS,
): LogBatchBody[] {
  // `{"run_id":"…","metrics":[],"params":[],"tags":[]}`: the most a body spends outside its items.
  const base = bytesOf({ run_id: runId, metrics: [], params: [], tags: [] });
  const bodies: LogBatchBody[] = [];
  let current = {
    metrics: [] as MlflowMetric[],
    params: [] as MlflowKeyValue[],
    tags: [] as MlflowKeyValue[],
  };
  let keys = { params: new Set<string>(), tags: new Set<string>() };
  let size = base;
  const close = () => {
    const { metrics, params, tags } = current;
    if (metrics.length + params.length + tags.length === 0) return;
    bodies.push({
      run_id: runId,
      ...(metrics.length > 0 ? { metrics } : {}),
      ...(params.length > 0 ? { params } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    });
    current = { metrics: [], params: [], tags: [] };
    keys = { params: new Set(), tags: new Set() };
    size = base;
  };
  const add = (kind: 'metrics' | 'params' | 'tags', item: MlflowMetric | MlflowKeyValue) => {
    const itemBytes = bytesOf(item) + 1; // and its comma
    const count = current.metrics.length + current.params.length + current.tags.length;
    const full =
      current[kind].length >= limits[kind] ||
      count >= limits.items ||
      size + itemBytes > limits.bytes ||
      (kind !== 'metrics' && keys[kind].has(item.key));
    if (full) close();
    (current[kind] as Array<typeof item>).push(item);
    if (kind !== 'metrics') keys[kind].add(item.key);
    size += itemBytes;
  };
  for (const param of items.params) add('params', param);
  for (const tag of items.tags) add('tags', tag);
  for (const metric of items.metrics) add('metrics', metric);
  close();
  return bodies;
}
