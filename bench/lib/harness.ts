import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One timed case: a label and the function to time (one call = one run). */
export interface BenchCase {
  label: string;
  /** Runs once per sample; may return a number of items processed (for a throughput figure). */
  run: () => unknown;
  /** Runs before each sample, untimed (fresh temp dirs, regenerated inputs). */
  setup?: () => Promise<void> | void;
  /** Runs after each sample, untimed (releases what the sample held before the next case runs). */
  teardown?: () => Promise<void> | void;
}

/** Result of one case. */
export interface CaseResult {
  label: string;
  samples: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Items per second at the median, when `run` returned an item count. */
  perSecond?: number;
}

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * Times each case `samples` times, interleaving the cases (A B A B …) so that machine noise hits them alike,
 * after `warmup` untimed rounds. Reports medians.
 */
export async function timeCases(
  cases: readonly BenchCase[],
  options: {
    samples?: number;
    warmup?: number;
    /**
     * Run a full garbage collection (untimed, when node runs with `--expose-gc`, as `npm run bench` does) after each
     * setup, so a case is not timed collecting the garbage of the case before it.
     */
    collect?: boolean;
  } = {},
): Promise<CaseResult[]> {
  const samples = options.samples ?? 15;
  const warmup = options.warmup ?? 2;
  const times = cases.map(() => [] as number[]);
  const items = cases.map(() => undefined as number | undefined);
  for (let round = 0; round < warmup + samples; round++) {
    for (const [index, benchCase] of cases.entries()) {
      await benchCase.setup?.();
      if (options.collect) (globalThis as { gc?: () => void }).gc?.();
      const start = performance.now();
      const count = await benchCase.run();
      const elapsed = performance.now() - start;
      await benchCase.teardown?.();
      if (round >= warmup) times[index]!.push(elapsed);
      if (typeof count === 'number') items[index] = count;
    }
  }
  return cases.map((benchCase, index) => {
    const list = times[index]!;
    const medianMs = median(list);
    const count = items[index];
    return {
      label: benchCase.label,
      samples: list.length,
      medianMs,
      minMs: Math.min(...list),
      maxMs: Math.max(...list),
      ...(count !== undefined ? { perSecond: count / (medianMs / 1000) } : {}),
    };
  });
}

/** The machine a benchmark ran on, for the report. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
  };
}

/** A benchmark's printed and saved output. */
export interface BenchReport {
  name: string;
  results: CaseResult[];
  /** Named ratios (Plinth over its baseline, same run). */
  ratios: Record<string, number>;
  /** Other figures (budgets met, MB/s, …). */
  extra?: Record<string, unknown>;
}

/** Prints a report as a table and writes it to `bench/results/<name>.json`. */
export function report(benchReport: BenchReport): void {
  const rows = benchReport.results.map((result) => ({
    case: result.label,
    'median ms': round(result.medianMs),
    'min ms': round(result.minMs),
    'max ms': round(result.maxMs),
    'per s': result.perSecond === undefined ? '' : Math.round(result.perSecond).toLocaleString('en-US'),
    n: result.samples,
  }));
  console.log(`\n# ${benchReport.name}`);
  console.table(rows);
  for (const [label, ratio] of Object.entries(benchReport.ratios))
    console.log(`ratio ${label}: ${round(ratio)}×`);
  if (benchReport.extra) console.log(JSON.stringify(benchReport.extra, null, 2));
  const directory = path.join(import.meta.dirname, '..', 'results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${benchReport.name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...benchReport, machine: machine() }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Ratio of two case results' medians, found by label. */
export function ratioOf(results: readonly CaseResult[], numerator: string, denominator: string): number {
  const top = results.find((result) => result.label === numerator);
  const bottom = results.find((result) => result.label === denominator);
  if (!top || !bottom) throw new Error(`no case named ${!top ? numerator : denominator}`);
  return top.medianMs / bottom.medianMs;
}
