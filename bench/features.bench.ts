// Benchmark `features` (npm run bench -- features): issue 11's budgets, measured as ratios in one run.
// - Historical join of 1,000,000 entity rows against 3 views over 10,000,000 source rows, written with toParquet,
//   against the fastest of two hand-written DuckDB queries for the same result (written here independently of
//   the engine: dedup + ASOF JOIN, and a single ASOF JOIN on a (event ts, created ts) HUGEINT key); both Plinth
//   plans (asof, window) are measured; outputs are compared row by row inside DuckDB. Peak RSS reported.
// - materialize of 1,000,000 entities to storageOnlineStore (fs and memory) and Redis against DuckDB's own time to
//   compute the latest rows, with the store held and cold (bench/lib/features-materialize.ts).
// Samples: PLINTH_BENCH_SAMPLES (default 3; 5 for materialize), no warmup rounds (each sample is seconds long) except
// one for materialize;
// PLINTH_FEATURES_SCALE (default 1) scales every size for a quick check; PLINTH_FEATURES_PARTS (default
// 'join,materialize,online'; also 'plans': both join plans with every view at each ttl of
// PLINTH_FEATURES_PLAN_TTLS, default '0,1h,1d') picks the parts to run, PLINTH_FEATURES_ONLINE_STORES (default 'memory,fs,redis,redis-dense') the stores. The online part is bench/lib/features-online.ts (lookup p50/p99
// for 1 and 100 entities × 3 views × 10 features, and write throughput, on memory, fs and Redis).
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createFeatureStore, defineEntity, defineFeatureView, fileSource } from '@plinth/features';
import { duckdbEngine } from '@plinth/features/duckdb';
import { generateFeatureData } from './lib/features-data.ts';
import { benchMaterialize } from './lib/features-materialize.ts';
import { benchOnlineStores } from './lib/features-online.ts';
import { type BenchCase, type CaseResult, report, timeCases } from './lib/harness.ts';

const HUGE_SHIFT = '36893488147419103232::HUGEINT'; // 2^65
const HUGE_TOP = '36893488147419103231::HUGEINT'; // 2^65 - 1
const CREATED_OFFSET = '9223372036854775809::HUGEINT'; // 2^63 + 1

function handSql(
  data: { entities: string; driverHourly: string; customerProfile: string; pairStats: string },
  form: 'dedup' | 'huge',
): string {
  const driver =
    form === 'dedup'
      ? `SELECT driver_id, CAST(event_timestamp AS TIMESTAMPTZ) AS ets, conv_rate, acc_rate, avg_daily_trips
           FROM read_parquet('${data.driverHourly}') WHERE event_timestamp IS NOT NULL AND driver_id IS NOT NULL
           QUALIFY row_number() OVER (PARTITION BY driver_id, event_timestamp ORDER BY created DESC NULLS LAST) = 1`
      : `SELECT driver_id, CAST(event_timestamp AS TIMESTAMPTZ) AS ets, conv_rate, acc_rate, avg_daily_trips,
                epoch_us(event_timestamp)::HUGEINT * ${HUGE_SHIFT} + coalesce(epoch_us(created)::HUGEINT + ${CREATED_OFFSET}, 0) AS ord
           FROM read_parquet('${data.driverHourly}') WHERE event_timestamp IS NOT NULL AND driver_id IS NOT NULL`;
  const driverMatch = form === 'dedup' ? 'e.ts >= d.ets' : 'e.ord >= d.ord';
  return `
    WITH e AS (SELECT *, CAST(event_timestamp AS TIMESTAMPTZ) AS ts,
                      epoch_us(CAST(event_timestamp AS TIMESTAMPTZ))::HUGEINT * ${HUGE_SHIFT} + ${HUGE_TOP} AS ord
               FROM read_parquet('${data.entities}', file_row_number = true)),
    d AS (${driver}),
    c AS (SELECT customer_id, CAST(event_timestamp AS TIMESTAMPTZ) AS ets, age_bucket, lifetime_value, tier
          FROM read_parquet('${data.customerProfile}') WHERE event_timestamp IS NOT NULL AND customer_id IS NOT NULL),
    p AS (SELECT driver_id, customer_id, CAST(event_timestamp AS TIMESTAMPTZ) AS ets, trips_together, rating
          FROM read_parquet('${data.pairStats}') WHERE event_timestamp IS NOT NULL AND driver_id IS NOT NULL AND customer_id IS NOT NULL)
    SELECT e.driver_id, e.customer_id, e.ts AS event_timestamp, e.label,
      CASE WHEN d.ets >= e.ts - INTERVAL 7 DAY THEN d.conv_rate END AS driver_hourly__conv_rate,
      CASE WHEN d.ets >= e.ts - INTERVAL 7 DAY THEN d.acc_rate END AS driver_hourly__acc_rate,
      CASE WHEN d.ets >= e.ts - INTERVAL 7 DAY THEN d.avg_daily_trips END AS driver_hourly__avg_daily_trips,
      c.age_bucket AS customer_profile__age_bucket, c.lifetime_value AS customer_profile__lifetime_value,
      c.tier AS customer_profile__tier,
      CASE WHEN p.ets >= e.ts - INTERVAL 30 DAY THEN p.trips_together END AS pair_stats__trips_together,
      CASE WHEN p.ets >= e.ts - INTERVAL 30 DAY THEN p.rating END AS pair_stats__rating
    FROM e
    ASOF LEFT JOIN d ON d.driver_id = e.driver_id AND ${driverMatch}
    ASOF LEFT JOIN c ON c.customer_id = e.customer_id AND e.ts >= c.ets
    ASOF LEFT JOIN p ON p.driver_id = e.driver_id AND p.customer_id = e.customer_id AND e.ts >= p.ets
    ORDER BY e.file_row_number`;
}

const FEATURE_COLUMNS = [
  'driver_hourly__conv_rate',
  'driver_hourly__acc_rate',
  'driver_hourly__avg_daily_trips',
  'customer_profile__age_bucket',
  'customer_profile__lifetime_value',
  'customer_profile__tier',
  'pair_stats__trips_together',
  'pair_stats__rating',
];

export default async function featuresBench(): Promise<void> {
  const samples = Number(process.env.PLINTH_BENCH_SAMPLES ?? 3);
  const loadBefore = os.loadavg();
  // PLINTH_FEATURES_SCALE shrinks every size (0.05 for a quick check); the budgets are for scale 1
  const scale = Number(process.env.PLINTH_FEATURES_SCALE ?? 1);
  const data = await generateFeatureData({
    entityRows: Math.round(1_000_000 * scale),
    driverRows: Math.round(5_000_000 * scale),
    customerRows: Math.round(3_000_000 * scale),
    pairRows: Math.round(2_000_000 * scale),
    customers: Math.round(1_000_000 * scale),
  });
  const out = (name: string) => path.join(data.dir, name);
  const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
  const customer = defineEntity({ name: 'customer', joinKeys: ['customer_id'] });
  const driverHourly = defineFeatureView({
    name: 'driver_hourly',
    entities: [driver],
    ttl: '7d',
    source: fileSource({
      path: data.driverHourly,
      timestampField: 'event_timestamp',
      createdTimestampField: 'created',
    }),
    features: { conv_rate: 'float64', acc_rate: 'float64', avg_daily_trips: 'int64' },
  });
  const customerProfile = defineFeatureView({
    name: 'customer_profile',
    entities: [customer],
    ttl: 0,
    source: fileSource({ path: data.customerProfile, timestampField: 'event_timestamp' }),
    features: { age_bucket: 'int64', lifetime_value: 'float64', tier: 'string' },
  });
  const pairStats = defineFeatureView({
    name: 'pair_stats',
    entities: [driver, customer],
    ttl: '30d',
    source: fileSource({ path: data.pairStats, timestampField: 'event_timestamp' }),
    features: { trips_together: 'int64', rating: 'float64' },
  });
  const views = [driverHourly, customerProfile, pairStats];
  const features = views.flatMap((view) => view.features.map((feature) => `${view.name}:${feature.name}`));
  const store = await createFeatureStore({ views, engine: duckdbEngine() });
  const raw = await (await DuckDBInstance.create(':memory:')).connect();
  await raw.run("SET TimeZone = 'UTC'");
  // the plans `auto` chose in its last run, by view
  let autoPlans: Record<string, string> = {};
  const join = (plan: 'auto' | 'asof' | 'window', file: string) =>
    store
      .getHistoricalFeatures({
        entities: data.entities,
        entityTimestampColumn: 'event_timestamp',
        features,
        fullFeatureNames: true,
        plan,
        onProgress: (step) => {
          if (plan === 'auto' && step.plans) autoPlans = { ...step.plans };
        },
      })
      .toParquet(out(file));
  const hand = async (form: 'dedup' | 'huge') => {
    await raw.run(`COPY (${handSql(data, form)}) TO '${out(`hand-${form}.parquet`)}' (FORMAT parquet)`);
  };
  const parts = new Set((process.env.PLINTH_FEATURES_PARTS ?? 'join,materialize,online').split(','));
  const allResults: CaseResult[] = [];
  const ratios: Record<string, number> = {};
  const extra: Record<string, unknown> = {
    entityRows: data.entityRows,
    sourceRows: data.sourceRows,
    samples,
  };
  if (parts.has('join')) {
    const cases: BenchCase[] = [
      { label: 'plinth toParquet (auto: a plan per view)', run: () => join('auto', 'plinth-auto.parquet') },
      { label: 'hand SQL: dedup + ASOF JOIN', run: () => hand('dedup') },
      { label: 'hand SQL: ASOF JOIN on (event, created) key', run: () => hand('huge') },
      { label: 'plinth toParquet (asof plan)', run: () => join('asof', 'plinth-asof.parquet') },
      { label: 'plinth toParquet (window plan)', run: () => join('window', 'plinth-window.parquet') },
    ];
    const results = await timeCases(cases, { samples, warmup: 0 });
    const [plinthAuto, handDedup, handHuge, plinthAsof, plinthWindow] = results.map(
      (result) => result.medianMs,
    ) as [number, number, number, number, number];
    const fastestHand = Math.min(handDedup, handHuge);
    const joinRss = process.resourceUsage().maxRSS * 1024;

    // the outputs agree with the hand-written result, every row and column
    const differing = async (file: string) => {
      const condition = ['driver_id', 'customer_id', 'event_timestamp', 'label', ...FEATURE_COLUMNS]
        .map((column) => `a.${column} IS NOT DISTINCT FROM b.${column}`)
        .join(' AND ');
      const reader = await raw.runAndReadAll(
        `SELECT count(*) FROM read_parquet('${out(file)}') a POSITIONAL JOIN read_parquet('${out('hand-dedup.parquet')}') b WHERE NOT (${condition})`,
      );
      return Number(reader.getRows()[0]![0]);
    };
    const agreement = {
      'plinth auto vs hand dedup: differing rows': await differing('plinth-auto.parquet'),
      'plinth asof vs hand dedup: differing rows': await differing('plinth-asof.parquet'),
      'plinth window vs hand dedup: differing rows': await differing('plinth-window.parquet'),
      'hand key vs hand dedup: differing rows': await differing('hand-huge.parquet'),
    };
    allResults.push(...results);
    ratios['historical join toParquet / fastest hand SQL (budget 1.25)'] = plinthAuto / fastestHand;
    ratios['auto / asof plan'] = plinthAuto / plinthAsof;
    ratios['window plan / asof plan'] = plinthWindow / plinthAsof;
    extra.autoPlans = autoPlans;
    extra.agreement = agreement;
    extra.peakRssMiBAfterJoins = Math.round(joinRss / 2 ** 20);
    const filled = (
      await raw.runAndReadAll(
        `SELECT count(*), ${FEATURE_COLUMNS.map((column) => `count(${column})`).join(', ')} FROM read_parquet('${out('hand-dedup.parquet')}')`,
      )
    )
      .getRows()[0]!
      .map(Number);
    extra.nonNullFeatureCounts = Object.fromEntries(
      ['rows', ...FEATURE_COLUMNS].map((name, index) => [name, filled[index]]),
    );
  }

  if (parts.has('plans')) {
    // both plans with every view at one ttl (0 = unbounded, then small ones): which plan wins where
    const ttls = (process.env.PLINTH_FEATURES_PLAN_TTLS ?? '0,1h,1d').split(',');
    const planRatios: Record<string, number> = {};
    const autoChoices: Record<string, Record<string, string>> = {};
    for (const ttlText of ttls) {
      const ttl = ttlText === '0' ? 0 : ttlText;
      const same = [driverHourly, customerProfile, pairStats].map((view) =>
        defineFeatureView({
          name: view.name,
          entities:
            view.name === 'customer_profile'
              ? [customer]
              : view.name === 'pair_stats'
                ? [driver, customer]
                : [driver],
          ttl,
          source: view.source,
          features: Object.fromEntries(view.features.map((feature) => [feature.name, feature.type])),
        }),
      );
      const planStore = await createFeatureStore({ views: same, engine: duckdbEngine() });
      let chosen: Record<string, string> = {};
      const run = (plan: 'auto' | 'asof' | 'window') =>
        planStore
          .getHistoricalFeatures({
            entities: data.entities,
            entityTimestampColumn: 'event_timestamp',
            features,
            fullFeatureNames: true,
            plan,
            onProgress: (step) => {
              if (plan === 'auto' && step.plans) chosen = { ...step.plans };
            },
          })
          .toParquet(out(`plan-${plan}-${ttlText}.parquet`));
      const results = await timeCases(
        [
          { label: `ttl ${ttlText}: plinth asof plan`, run: () => run('asof') },
          { label: `ttl ${ttlText}: plinth window plan`, run: () => run('window') },
          { label: `ttl ${ttlText}: plinth auto`, run: () => run('auto') },
        ],
        { samples, warmup: 0 },
      );
      await planStore.close();
      allResults.push(...results);
      const [asof, window, auto] = results.map((result) => result.medianMs) as [number, number, number];
      planRatios[`ttl ${ttlText}: window / asof`] = window / asof;
      planRatios[`ttl ${ttlText}: auto / best of the two`] = auto / Math.min(asof, window);
      autoChoices[`ttl ${ttlText}`] = chosen;
    }
    Object.assign(ratios, planRatios);
    extra.autoPlansByTtl = autoChoices;
  }

  if (parts.has('materialize')) {
    const withRedis = (process.env.PLINTH_FEATURES_ONLINE_STORES ?? 'memory,fs,redis').includes('redis');
    const materialized = await benchMaterialize({
      views,
      customerProfile: data.customerProfile,
      // each sample is ~1-2 s and the ratio's two sides move with the VM's page-fault cost: 5 by default
      samples: Number(process.env.PLINTH_BENCH_SAMPLES ?? 5),
      targets: withRedis ? ['memory', 'fs', 'redis'] : ['memory', 'fs'],
    });
    allResults.push(...materialized.results);
    Object.assign(ratios, materialized.ratios);
    extra.materializedEntities = materialized.entities;
  }
  if (parts.has('online')) {
    const stores = (process.env.PLINTH_FEATURES_ONLINE_STORES ?? 'memory,fs,redis,redis-dense').split(
      ',',
    ) as ('memory' | 'fs' | 'redis' | 'redis-dense')[];
    const online = await benchOnlineStores({ stores });
    allResults.push(...online.results);
    extra.onlineLookups = online.lookups;
    extra.onlineWrites = online.writes;
  }
  raw.closeSync();
  await store.close();
  rmSync(data.dir, { recursive: true, force: true });

  extra.peakRssMiB = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
  extra.loadAverageBefore = loadBefore.map((value) => Math.round(value * 10) / 10);
  extra.loadAverageAfter = os.loadavg().map((value) => Math.round(value * 10) / 10);
  report({ name: 'features', results: allResults, ratios, extra });
}
