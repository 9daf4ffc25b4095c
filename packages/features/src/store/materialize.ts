// materialize / materializeIncremental: the latest row per entity in [start, end], streamed from the offline
// engine in columnar batches and written with newer-wins to the online store; the end is recorded per view.
import type { Clock } from '@plinth/core';
import type { FeatureView } from '../definitions/feature-view.ts';
import type { OfflineEngine, Progress } from '../engine/port.ts';
import type { OnlineStore, OnlineValue, OnlineWriteBatch } from '../online/port.ts';
import { viewInfo } from './online-lookup.ts';

/** What a materialization did, per view. */
export interface MaterializeResult {
  readonly views: readonly {
    view: string;
    startMs: number;
    endMs: number;
    rows: number;
    written: number;
    skipped: number;
  }[];
}

/** The metadata key holding a view's last materialized end (epoch ms as text; `dropView` removes it). */
export function materializedKey(view: string): string {
  return `${view}/materialized_end`;
}

/** Materializes views over explicit ranges. */
export async function materializeViews(
  engine: OfflineEngine,
  online: OnlineStore,
  ranges: readonly { view: FeatureView; startMs: number; endMs: number }[],
  options: {
    batchRows: number;
    onProgress?: (progress: Progress) => void;
    signal?: AbortSignal;
    clock: Clock;
  },
): Promise<MaterializeResult> {
  const results: {
    view: string;
    startMs: number;
    endMs: number;
    rows: number;
    written: number;
    skipped: number;
  }[] = [];
  for (const { view, startMs, endMs } of ranges) {
    const info = viewInfo(view);
    const features = info.features;
    let rows = 0;
    let written = 0;
    let skipped = 0;
    options.onProgress?.({ stage: 'materialize', view: view.name, rows: 0 });
    const callOptions = options.signal ? { signal: options.signal } : {};
    const query = {
      view,
      startMs,
      endMs,
      batchRows: options.batchRows,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    // a store keeping entities in partitions takes them grouped by an engine that can (DuckDB does it in SQL)
    const partitioned =
      online.partitions !== undefined && online.writePartitions && engine.latestPartitions
        ? await engine.latestPartitions(query, online.partitions)
        : undefined;
    // a store keeping entities in buckets of row texts takes the buckets built by an engine that can (DuckDB, in SQL)
    const texts =
      partitioned === undefined &&
      online.rowTextBuckets !== undefined &&
      online.writeRowTexts &&
      engine.latestRowTexts
        ? await engine.latestRowTexts(query, online.rowTextBuckets)
        : undefined;
    /** Passes `source` on, counting its rows and reporting progress after each item. */
    async function* counted<T extends { readonly length: number }>(
      source: AsyncIterable<T>,
    ): AsyncGenerator<T> {
      for await (const item of source) {
        rows += item.length;
        yield item;
        options.onProgress?.({ stage: 'materialize', view: view.name, rows });
      }
    }
    if (texts !== undefined) {
      const result = await online.writeRowTexts!(info, counted(texts), callOptions);
      written += result.written;
      skipped += result.skipped;
    } else if (partitioned !== undefined) {
      const result = await online.writePartitions!(info, features, counted(partitioned), callOptions);
      written += result.written;
      skipped += result.skipped;
    } else {
      async function* batches(): AsyncGenerator<OnlineWriteBatch> {
        for await (const batch of counted(engine.latest(query))) {
          yield {
            view: info,
            length: batch.length,
            keys: batch.keys,
            features,
            values: batch.values as readonly ArrayLike<OnlineValue>[],
            eventTimestamps: batch.eventTimestamps,
            createdTimestamps: batch.createdTimestamps,
          };
        }
      }
      if (online.writeAll) {
        // the store merges the batches itself (a storage store rewrites each shard once, not once per batch)
        const result = await online.writeAll(batches(), callOptions);
        written += result.written;
        skipped += result.skipped;
      } else {
        for await (const batch of batches()) {
          const result = await online.write(batch, callOptions);
          written += result.written;
          skipped += result.skipped;
        }
      }
    }
    const previous = Number(await online.getMeta(materializedKey(view.name)));
    if (!(previous >= endMs)) await online.setMeta(materializedKey(view.name), String(endMs));
    results.push({ view: view.name, startMs, endMs, rows, written, skipped });
  }
  options.onProgress?.({ stage: 'done' });
  return { views: results };
}

/** The start of an incremental run: the recorded end, else end − ttl, else the epoch. */
export async function incrementalStart(
  online: OnlineStore,
  view: FeatureView,
  endMs: number,
): Promise<number> {
  const recorded = await online.getMeta(materializedKey(view.name));
  if (recorded !== undefined && Number.isFinite(Number(recorded))) return Number(recorded);
  return view.ttlMs === null ? 0 : endMs - view.ttlMs;
}
