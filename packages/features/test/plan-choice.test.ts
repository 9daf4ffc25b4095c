// `plan: 'auto'` picks each view's join plan from its source's statistics: the cost model by hand-computed
// cases, then the choice through the store on data shaped to fall on either side, and the same rows either way.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbEngine } from '../src/duckdb/index.node.ts';
import { expectedCandidates, pickPlan, planCosts } from '../src/engine/duckdb/plan-choice.ts';
import type { Progress } from '../src/engine/port.ts';
import { createFeatureStore, defineEntity, defineFeatureView, fileSource } from '../src/index.ts';
import { rawSql, tempDir } from './helpers.ts';

const DAY = 86_400_000;

describe('the cost model', () => {
  const stats = { rows: 1000, keys: 100, spanMs: 1000 };

  it('expects the rows of a key inside the ttl window, half the history when unbounded', () => {
    // 10 rows per key over 1000 ms: unbounded → half of them (5); ttl 100 → 10 × 100 / 1000 = 1
    expect(expectedCandidates(stats, null)).toBe(5);
    expect(expectedCandidates(stats, 100)).toBe(1);
    // a ttl longer than half the span counts like unbounded
    expect(expectedCandidates(stats, 5000)).toBe(5);
    // all rows at one instant: every row of the key is a candidate
    expect(expectedCandidates({ ...stats, spanMs: 0 }, 100)).toBe(10);
  });

  it('prices asof by source rows and window by entity rows × rows per key and candidates', () => {
    // 1,280,000 rows over 20,000 keys (64 per key) across 60 days, 200,000 entity rows, ttl 1 day, created field
    const big = { rows: 1_280_000, keys: 20_000, spanMs: 60 * DAY };
    const costs = planCosts(big, 200_000, DAY, true);
    expect(costs.asof).toBeCloseTo(1_280_000 * 0.55, 6); // 704,000 µs
    // 200,000 × (0.028 × 64 + 0.157 × 64 / 60) = 200,000 × (1.792 + 0.16747) = 391,893 µs
    expect(costs.window).toBeCloseTo(200_000 * (0.028 * 64 + (0.157 * 64) / 60), 3);
    expect(pickPlan(big, 200_000, DAY, true)).toBe('window');
    // unbounded ttl: 32 candidates each → 200,000 × (1.792 + 5.024) = 1,363,200 µs > 704,000 → asof
    expect(pickPlan(big, 200_000, null, true)).toBe('asof');
    // without a dedup pass asof costs 0.17 µs a row (217,600 µs): asof even at ttl 1 day
    expect(pickPlan(big, 200_000, DAY, false)).toBe('asof');
  });

  it('keeps asof unless window is clearly (20%) cheaper, and for a view without entities', () => {
    const stats2 = { rows: 10_000, keys: 1_000, spanMs: 10 * DAY };
    // asof 5,500 µs; window 1,000 × (0.028 × 10 + 0.157 × c) with c = 10 × min(ttl, 5d) / 10d
    // ttl 4.5 days: c = 4.5, window = 1,000 × (0.28 + 0.7065) = 986.5 → window (< 4,400)
    expect(pickPlan(stats2, 1000, 4.5 * DAY, true)).toBe('window');
    // 4,000 entity rows at ttl 5 days: window = 4,000 × (0.28 + 0.785) = 4,260 < 4,400 → window; 5,000: 5,325 → asof
    expect(pickPlan(stats2, 4000, 5 * DAY, true)).toBe('window');
    expect(pickPlan(stats2, 5000, 5 * DAY, true)).toBe('asof');
    // no entities: every source row shares the one "key"
    expect(pickPlan({ rows: 10_000, keys: 1, spanMs: 10 * DAY }, 1000, DAY, true)).toBe('asof');
  });
});

describe('through the store', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir());
    // few rows per key (500 keys × 8 rows over 60 days), 1,000 entity rows: window is the cheap plan at ttl 1d
    // many rows per key (50 keys × 64 rows), 2,000 entity rows, ttl unbounded: asof is
    const source = (keys: number, rows: number, file: string) =>
      `COPY (SELECT (hash(i, 1) % ${keys})::BIGINT AS id,
          TIMESTAMP '2024-01-01' + to_microseconds((hash(i, 2) % ${60 * DAY * 1000})::BIGINT) AS ts,
          TIMESTAMP '2024-01-01' + to_microseconds((hash(i, 2) % ${60 * DAY * 1000} + hash(i, 3) % 1000)::BIGINT) AS created,
          (hash(i, 4) % 1000)::DOUBLE AS x
        FROM range(${keys * rows}) t(i)) TO '${path.join(dir, file)}' (FORMAT parquet)`;
    const entities = (keys: number, rows: number, file: string) =>
      `COPY (SELECT (hash(i, 11) % ${keys})::BIGINT AS id,
          TIMESTAMP '2024-01-01' + to_microseconds((hash(i, 12) % ${60 * DAY * 1000})::BIGINT) AS ts
        FROM range(${rows}) t(i)) TO '${path.join(dir, file)}' (FORMAT parquet)`;
    await rawSql(
      source(500, 8, 'few.parquet'),
      entities(500, 1000, 'few-entities.parquet'),
      source(50, 64, 'many.parquet'),
      entities(50, 2000, 'many-entities.parquet'),
    );
  });
  afterAll(() => cleanup());

  const run = async (file: string, ttl: string | number, extra: object) => {
    const entity = defineEntity({ name: 'thing', joinKeys: ['id'] });
    const view = defineFeatureView({
      name: 'v',
      entities: [entity],
      ttl,
      source: fileSource({
        path: path.join(dir, `${file}.parquet`),
        timestampField: 'ts',
        createdTimestampField: 'created',
      }),
      features: { x: 'float64' },
    });
    const store = await createFeatureStore({ views: [view], engine: duckdbEngine() });
    const progress: Progress[] = [];
    try {
      const rows = await store
        .getHistoricalFeatures({
          entities: path.join(dir, `${file}-entities.parquet`),
          entityTimestampColumn: 'ts',
          features: ['v:x'],
          onProgress: (step) => progress.push(step),
          ...extra,
        })
        .toRows();
      return { rows, plans: progress.find((step) => step.stage === 'plan')?.plans };
    } finally {
      await store.close();
    }
  };

  it('auto picks window for few candidates and asof for long histories, with the rows of both forced plans', async () => {
    const few = await run('few', '1d', {});
    expect(few.plans).toEqual({ v: 'window' });
    expect(few.rows).toHaveLength(1000);
    expect(few.rows).toEqual((await run('few', '1d', { plan: 'asof' })).rows);
    expect(few.rows.some((row) => row.x !== null)).toBe(true);

    const many = await run('many', 0, {});
    expect(many.plans).toEqual({ v: 'asof' });
    expect(many.rows).toHaveLength(2000);
    expect(many.rows).toEqual((await run('many', 0, { plan: 'window' })).rows);
  });

  it('reports the forced plan, and window whenever candidates are filtered by created time', async () => {
    expect((await run('few', '1d', { plan: 'asof' })).plans).toEqual({ v: 'asof' });
    expect((await run('many', 0, { filterByCreatedTimestamp: true })).plans).toEqual({ v: 'window' });
  });
});
