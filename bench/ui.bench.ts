import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { memoryStorage } from '@plinth/core/memory';
import { createTracker } from '@plinth/tracking';
import { createUiHandler } from '@plinth/ui';
import { ratioOf, report, timeCases } from './lib/harness.ts';

const RUNS = Number(process.env.PLINTH_BENCH_UI_RUNS ?? 10_000);
const METRICS = 20;
const POINTS = 100_000;

/**
 * ui: (1) the runs table's first page (100 runs) of an experiment of 10,000 runs from a warm tracker, through
 * the handler (search + rows + JSON), against the raw `tracker.searchRuns` of the same page and that page's
 * `JSON.stringify`; (2) a run page's chart data, 20 metrics × 100,000 points, downsampled to 1,000 buckets, against
 * the raw `getMetricColumns` of the 20 keys and the JSON of the raw histories; (3) the page's JavaScript, gzipped.
 */
export default async function uiBench(): Promise<void> {
  const tracker = createTracker({
    storage: memoryStorage(),
    systemTags: false,
    exitHandler: false,
    heartbeatMs: 0,
  });
  const seedStart = performance.now();
  for (let index = 0; index < RUNS; index++) {
    const run = await tracker.startRun({
      experiment: 'bench',
      name: `run-${index}`,
      tags: { team: `t${index % 7}` },
    });
    await run.logParams({ lr: 10 ** -(1 + (index % 4)), model: index % 2 ? 'mlp' : 'gbm', seed: index });
    run.logMetrics({ acc: (index % 997) / 997, loss: 1 - (index % 991) / 991 }, { step: 1 });
    await run.end();
  }
  const chartRun = await tracker.startRun({ experiment: 'charts', name: 'long' });
  for (let step = 0; step < POINTS; step++) {
    for (let metric = 0; metric < METRICS; metric++)
      chartRun.logMetric(`m${metric}`, Math.sin(step / 1000 + metric) + (step % 97) / 97, { step });
    if (step % 10_000 === 0) await chartRun.ready();
  }
  await chartRun.end();
  console.log(
    `seeded ${RUNS} runs and ${METRICS} × ${POINTS} points in ${Math.round(performance.now() - seedStart)} ms`,
  );

  const experiment = await tracker.getExperiment('bench');
  const handler = createUiHandler({ tracker });
  const runsUrl = `http://bench/api/runs?experiment=${experiment.id}&pageSize=100`;
  const metricsUrl = `http://bench/api/metrics?run=${chartRun.id}&points=1000`;
  const keys = Array.from({ length: METRICS }, (_, metric) => `m${metric}`);
  let payload = 0;

  const results = await timeCases(
    [
      {
        label: 'ui runs table first page (handler, JSON)',
        run: async () => {
          const text = await (await handler(new Request(runsUrl))).text();
          payload = text.length;
          if (!text.includes('"runs"')) throw new Error(text.slice(0, 200));
        },
      },
      {
        label: 'raw tracker.searchRuns (100)',
        run: () => tracker.searchRuns({ experiments: [experiment.id], maxResults: 100 }),
      },
      {
        label: 'raw searchRuns + JSON.stringify',
        run: async () =>
          JSON.stringify(await tracker.searchRuns({ experiments: [experiment.id], maxResults: 100 })).length,
      },
    ],
    { samples: 21, warmup: 3 },
  );
  const runsPayload = payload;
  const charts = await timeCases(
    [
      {
        label: 'ui chart data 20 × 100k (handler, downsampled)',
        run: async () => {
          const text = await (await handler(new Request(metricsUrl))).text();
          payload = text.length;
        },
      },
      {
        label: 'raw getMetricColumns × 20',
        run: async () => Promise.all(keys.map((key) => tracker.getMetricColumns(chartRun.id, key))),
      },
      {
        label: 'raw getMetricHistory × 20 + JSON.stringify',
        run: async () =>
          JSON.stringify(await Promise.all(keys.map((key) => tracker.getMetricHistory(chartRun.id, key))))
            .length,
      },
    ],
    { samples: 11, warmup: 2 },
  );

  // the page's JavaScript: every module the page loads plus uPlot, each gzipped as a server would send it
  const requireHere = createRequire(import.meta.url);
  const assetDirectory = new URL('../packages/ui/assets/', import.meta.url);
  const { CLIENT_FILES } = await import('../packages/ui/src/assets/manifest.ts');
  const sizes: Record<string, { bytes: number; gzip: number }> = {};
  for (const name of CLIENT_FILES) {
    const bytes = await readFile(new URL(name, assetDirectory));
    sizes[name] = { bytes: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
  }
  const uplot = await readFile(requireHere.resolve('uplot/dist/uPlot.iife.min.js'));
  sizes['uPlot.iife.min.js'] = { bytes: uplot.byteLength, gzip: gzipSync(uplot, { level: 9 }).byteLength };
  const js = Object.entries(sizes).filter(([name]) => name.endsWith('.js'));
  const jsGzipKB = js.reduce((sum, [, size]) => sum + size.gzip, 0) / 1024;
  const jsBytesKB = js.reduce((sum, [, size]) => sum + size.bytes, 0) / 1024;

  const all = [...results, ...charts];
  const median = (label: string) => all.find((result) => result.label === label)!.medianMs;
  report({
    name: 'ui',
    results: all,
    ratios: {
      'runs page / raw searchRuns': ratioOf(
        all,
        'ui runs table first page (handler, JSON)',
        'raw tracker.searchRuns (100)',
      ),
      'runs page / raw searchRuns + JSON': ratioOf(
        all,
        'ui runs table first page (handler, JSON)',
        'raw searchRuns + JSON.stringify',
      ),
      'chart data / raw columns': ratioOf(
        all,
        'ui chart data 20 × 100k (handler, downsampled)',
        'raw getMetricColumns × 20',
      ),
      'chart data / raw history JSON': ratioOf(
        all,
        'ui chart data 20 × 100k (handler, downsampled)',
        'raw getMetricHistory × 20 + JSON.stringify',
      ),
    },
    extra: {
      runs: RUNS,
      runsPageMs: median('ui runs table first page (handler, JSON)'),
      runsPageBudgetMs: 150,
      runsPageBytes: runsPayload,
      chartDataMs: median('ui chart data 20 × 100k (handler, downsampled)'),
      chartDataBudgetMs: 200,
      chartDataBytes: payload,
      pageJsKB: Math.round(jsBytesKB * 10) / 10,
      pageJsGzipKB: Math.round(jsGzipKB * 10) / 10,
      pageJsBudgetGzipKB: 100,
      sizes,
    },
  });
  await tracker.close();
}
