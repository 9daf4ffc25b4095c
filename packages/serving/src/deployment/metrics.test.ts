import { manualClock } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { double, row } from './doubles.test-data.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parser of the Prometheus text format (0.0.4), written for this test. */
function parseExposition(text: string) {
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  const samples: Sample[] = [];
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? helps : types).set(meta[2]!, meta[3]!);
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(match, line).not.toBeNull();
    const labels: Record<string, string> = {};
    let rest = match![2] ?? '';
    while (rest.length > 0) {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/.exec(rest);
      expect(label, rest).not.toBeNull();
      labels[label![1]!] = label![2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(label![0].length);
    }
    const raw = match![3]!;
    const value = raw === '+Inf' ? Number.POSITIVE_INFINITY : raw === 'NaN' ? Number.NaN : Number(raw);
    expect(Number.isNaN(value) && raw !== 'NaN', line).toBe(false);
    const family = match![1]!.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(match![1]!) || types.get(family) === 'histogram', `TYPE before ${line}`).toBe(true);
    samples.push({ name: match![1]!, labels, value });
  }
  return { types, helps, samples };
}

describe('stats and metrics', () => {
  it('reports per-route counts, errors and latency percentiles (nearest rank, on the injected clock)', async () => {
    const clock = manualClock(0);
    let call = 0;
    const deployment = createDeployment({
      routes: [
        {
          name: 'a',
          model: double({ before: () => clock.advance(++call), fail: () => call === 100 }),
          weight: 1,
        },
        { name: 'b', model: double(), weight: 0 },
      ],
      clock,
    });
    for (let index = 0; index < 100; index++) await deployment.predict(row()).catch(() => undefined);
    const stats = deployment.stats().routes[0]!;
    expect(stats).toMatchObject({ requests: 100, errors: 1 });
    // latencies 1..99 ms: nearest-rank p50 = 50, p95 = ceil(0.95·99) = 95th value = 95, p99 = 99
    expect(stats.latencyMs).toEqual({ count: 99, p50: 50, p95: 95, p99: 99, mean: 50 });
  });

  it('exposes Prometheus text: HELP/TYPE, counters, cumulative histograms, escaped labels', async () => {
    const clock = manualClock(0);
    const deployment = createDeployment({
      name: 'fraud "v2"\n\\ model',
      routes: [
        { name: 'a', model: double({ version: 3, before: () => clock.advance(3) }), weight: 1 },
        { name: 'b', model: double({ fail: true }), weight: 0 },
      ],
      shadow: [{ name: 's', model: double() }],
      clock,
    });
    for (let index = 0; index < 10; index++) await deployment.predict(row());
    await deployment.predict(row(), { route: 'b' }).catch(() => undefined);
    await deployment.close();
    const { types, helps, samples } = parseExposition(deployment.metrics());
    expect(types.get('plinth_serving_requests_total')).toBe('counter');
    expect(types.get('plinth_serving_request_duration_seconds')).toBe('histogram');
    expect(helps.size).toBe(types.size);
    const find = (name: string, labels: Record<string, string>) =>
      samples.filter(
        (sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v),
      );
    const deploymentName = 'fraud "v2"\n\\ model';
    expect(find('plinth_serving_requests_total', { route: 'a' })[0]).toMatchObject({
      labels: { deployment: deploymentName, route: 'a' },
      value: 10,
    });
    expect(find('plinth_serving_errors_total', { route: 'b' })[0]!.value).toBe(1);
    expect(find('plinth_serving_model_version', { route: 'a' })[0]).toMatchObject({
      labels: { source: 'models:/fraud/3' },
      value: 3,
    });
    const buckets = find('plinth_serving_request_duration_seconds_bucket', { route: 'a' });
    const bounds = buckets.map((sample) =>
      sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le),
    );
    expect(bounds).toEqual([...bounds].sort((x, y) => x - y));
    const counts = buckets.map((sample) => sample.value);
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    // every request took 3 ms: 0 in the buckets below 0.0025 s, all 10 from le="0.005"
    expect(buckets.find((sample) => sample.labels.le === '0.0025')!.value).toBe(0);
    expect(buckets.find((sample) => sample.labels.le === '0.005')!.value).toBe(10);
    expect(buckets.at(-1)!.value).toBe(10);
    expect(find('plinth_serving_request_duration_seconds_count', { route: 'a' })[0]!.value).toBe(10);
    expect(find('plinth_serving_request_duration_seconds_sum', { route: 'a' })[0]!.value).toBeCloseTo(
      0.03,
      12,
    );
    expect(find('plinth_serving_shadow_requests_total', { shadow: 's' })[0]!.value).toBe(10);
  });
});
