// Benchmark `serving` (npm run bench -- serving): @plinth/serving against raw onnxruntime-node, timed in the same
// run. Each section builds its own models and returns its figures; the default export runs every section in
// `sections` and writes one report.
//   - predict: one row through model.predict vs raw session.run (p50 of single calls, interleaved).
//   - batching: 256 concurrent single-row requests with a batcher vs straight to the model (rows/s, latency).
//   - pool: batched throughput of a 2-worker pool vs one in-thread session.
//   - shadow: a deployment's primary p50 with a 100 % shadow route vs without (bench/lib/serving-deployment.ts).
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import { createBatcher, loadModel, type Model } from '../packages/serving/src/index.node.ts';
import { mlpModel } from '../packages/serving/test/models/models.ts';
import { randomFloats } from '../packages/serving/test/models/onnx-builder.ts';
import { type CaseResult, median, percentile, report } from './lib/harness.ts';
import { shadowSection } from './lib/serving-deployment.ts';

/** What a section adds to the report. */
export interface SectionResult {
  results: CaseResult[];
  ratios: Record<string, number>;
  extra: Record<string, unknown>;
}

const mlp = mlpModel();
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** A synthetic case result from a list of per-item timings (ms) or round times. */
function caseOf(label: string, times: readonly number[], items?: number): CaseResult {
  const medianMs = median(times);
  return {
    label,
    samples: times.length,
    medianMs,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    ...(items !== undefined ? { perSecond: items / (medianMs / 1000) } : {}),
  };
}

/** model.predict on one row vs raw session.run on one row: p50 of single calls, alternating which goes first. */
async function predictSection(): Promise<SectionResult> {
  const iterations = 20_000;
  const raw = await ort.InferenceSession.create(mlp.bytes);
  const model = await loadModel({ bytes: mlp.bytes }, { warmup: true });
  const rows = Array.from({ length: 64 }, (_, index) => randomFloats(32, index + 1));
  const rawTimes: number[] = [];
  const plinthTimes: number[] = [];
  const tensorTimes: number[] = [];
  const runRaw = async (row: Float32Array) => {
    const start = performance.now();
    await raw.run({ features: new ort.Tensor('float32', row, [1, 32]) });
    return performance.now() - start;
  };
  const runPlinth = async (row: Float32Array) => {
    const start = performance.now();
    await model.predict({ features: row });
    return performance.now() - start;
  };
  const runTensor = async (row: Float32Array) => {
    const start = performance.now();
    await model.predict({ features: { data: row, dims: [1, 32] } });
    return performance.now() - start;
  };
  for (let i = 0; i < 2000; i++) {
    const row = rows[i % rows.length]!;
    await runRaw(row);
    await runPlinth(row);
    await runTensor(row);
  }
  for (let i = 0; i < iterations; i++) {
    const row = rows[i % rows.length]!;
    if (i % 2 === 0) {
      rawTimes.push(await runRaw(row));
      plinthTimes.push(await runPlinth(row));
      tensorTimes.push(await runTensor(row));
    } else {
      tensorTimes.push(await runTensor(row));
      plinthTimes.push(await runPlinth(row));
      rawTimes.push(await runRaw(row));
    }
  }
  await model.dispose();
  await raw.release();
  const p50Raw = median(rawTimes);
  const p50Plinth = median(plinthTimes);
  const p50Tensor = median(tensorTimes);
  return {
    results: [
      caseOf('raw session.run, 1 row (new Tensor each call)', rawTimes, 1),
      caseOf('model.predict, 1 row (Float32Array)', plinthTimes, 1),
      caseOf('model.predict, 1 row ({ data, dims })', tensorTimes, 1),
    ],
    ratios: {
      'predict p50 / raw session.run p50': p50Plinth / p50Raw,
      'predict { data, dims } p50 / raw p50': p50Tensor / p50Raw,
    },
    extra: {
      'predict 1 row p50 µs': round3(p50Plinth * 1000),
      'raw session.run 1 row p50 µs': round3(p50Raw * 1000),
      'predict p50 ≤ 1.15× raw': p50Plinth <= 1.15 * p50Raw,
    },
  };
}

/** Sends `count` single-row requests at once and waits for all; returns the round time and each latency. */
async function burst(model: Pick<Model, 'predict'>, rows: readonly Float32Array[]) {
  const start = performance.now();
  const latencies = await Promise.all(
    rows.map((features) => model.predict({ features }).then(() => performance.now() - start)),
  );
  return { ms: performance.now() - start, latencies };
}

/** 256 concurrent single-row requests with a batcher (maxBatchSize 64, no delay) vs straight to the model. */
async function batchingSection(): Promise<SectionResult> {
  const rounds = 100;
  const model = await loadModel({ bytes: mlp.bytes }, { warmup: true });
  const batched = createBatcher(model, { maxBatchSize: 64, maxQueueDelayMs: 0, disposeModel: false });
  const pipelined = createBatcher(model, { maxBatchSize: 64, maxConcurrency: 4, disposeModel: false });
  const rows = Array.from({ length: 256 }, (_, index) => randomFloats(32, 500 + index));
  const plain = { ms: [] as number[], latencies: [] as number[] };
  const viaBatcher = { ms: [] as number[], latencies: [] as number[] };
  const viaPipelined = { ms: [] as number[], latencies: [] as number[] };
  for (let round = 0; round < 3; round++) {
    await burst(model, rows);
    await burst(batched, rows);
    await burst(pipelined, rows);
  }
  for (let round = 0; round < rounds; round++) {
    for (const [target, into] of [
      [model, plain],
      [batched, viaBatcher],
      [pipelined, viaPipelined],
    ] as const) {
      const { ms, latencies } = await burst(target, rows);
      into.ms.push(ms);
      into.latencies.push(...latencies);
    }
  }
  const stats = batched.stats();
  await batched.dispose();
  await pipelined.dispose();
  await model.dispose();
  const results = [
    caseOf('256 concurrent 1-row requests, no batching', plain.ms, 256),
    caseOf('256 concurrent 1-row requests, createBatcher(64)', viaBatcher.ms, 256),
    caseOf('256 concurrent 1-row requests, createBatcher(64), maxConcurrency 4', viaPipelined.ms, 256),
  ];
  const speedup = results[1]!.perSecond! / results[0]!.perSecond!;
  const pipelinedSpeedup = results[2]!.perSecond! / results[0]!.perSecond!;
  const latency = (list: number[]) => ({
    p50: round3(percentile(list, 50)),
    p95: round3(percentile(list, 95)),
    p99: round3(percentile(list, 99)),
  });
  return {
    results,
    ratios: {
      'batched rows/s / unbatched rows/s': speedup,
      'batched (maxConcurrency 4) rows/s / unbatched rows/s': pipelinedSpeedup,
    },
    extra: {
      'unbatched rows/s': Math.round(results[0]!.perSecond!),
      'batched rows/s': Math.round(results[1]!.perSecond!),
      'batched ≥ 10× unbatched': speedup >= 10,
      'unbatched latency ms': latency(plain.latencies),
      'batched latency ms': latency(viaBatcher.latencies),
      'batched (maxConcurrency 4) latency ms': latency(viaPipelined.latencies),
      'batcher batch size p50': stats.batchSize.p50,
    },
  };
}

/** Batched throughput: 16 concurrent requests of 2048 rows, a 2-worker pool vs one in-thread session. */
async function poolSection(): Promise<SectionResult> {
  const rounds = 15;
  const requests = 16;
  const rowsPer = 2048;
  const inputs = Array.from({ length: requests }, (_, index) => randomFloats(rowsPer * 32, 900 + index));
  const inThread = await loadModel({ bytes: mlp.bytes }, { warmup: true });
  const inThreadOne = await loadModel(
    { bytes: mlp.bytes },
    { warmup: true, sessionOptions: { intraOpNumThreads: 1 } },
  );
  const pool = await loadModel({ bytes: mlp.bytes }, { warmup: true, workers: 2 });
  const targets = [
    ['in-thread session (default threads)', inThread],
    ['in-thread session (intraOpNumThreads 1)', inThreadOne],
    ['worker pool of 2 (1 thread each)', pool],
  ] as const;
  const times = targets.map(() => [] as number[]);
  const once = async (model: Model) => {
    const start = performance.now();
    await Promise.all(inputs.map((features) => model.predict({ features })));
    return performance.now() - start;
  };
  for (const [, model] of targets) await once(model);
  for (let round = 0; round < rounds; round++) {
    for (const [index, [, model]] of targets.entries()) times[index]!.push(await once(model));
  }
  for (const [, model] of targets) await model.dispose();
  const results = targets.map(([label], index) =>
    caseOf(`${requests} × ${rowsPer} rows, ${label}`, times[index]!, requests * rowsPer),
  );
  const ratio = results[2]!.perSecond! / results[0]!.perSecond!;
  return {
    results,
    ratios: {
      'pool of 2 rows/s / in-thread rows/s': ratio,
      'pool of 2 rows/s / in-thread (1 thread) rows/s': results[2]!.perSecond! / results[1]!.perSecond!,
    },
    extra: { 'pool of 2 ≥ 1.5× in-thread': ratio >= 1.5 },
  };
}

/** The sections, in order; each is independent (own models, own inputs). */
export const sections: { name: string; run: () => Promise<SectionResult> }[] = [
  { name: 'predict', run: predictSection },
  { name: 'batching', run: batchingSection },
  { name: 'pool', run: poolSection },
  { name: 'shadow', run: async () => ({ results: [], ...(await shadowSection()) }) },
];

export default async function serving(): Promise<void> {
  const only = process.env.PLINTH_BENCH_SECTIONS?.split(',');
  const results: CaseResult[] = [];
  const ratios: Record<string, number> = {};
  const extra: Record<string, unknown> = { 'load average at start': os.loadavg().map(round3) };
  for (const section of sections) {
    if (only && !only.includes(section.name)) continue;
    const outcome = await section.run();
    results.push(...outcome.results);
    Object.assign(ratios, outcome.ratios);
    Object.assign(extra, outcome.extra);
  }
  extra['load average at end'] = os.loadavg().map(round3);
  report({ name: 'serving', results, ratios, extra });
}
