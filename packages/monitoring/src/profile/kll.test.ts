import { describe, expect, it } from 'vitest';
import { KllSketch } from './kll.ts';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Exact rank (count ≤ value) by binary search on the sorted data. */
function exactRank(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function maxRankError(sketch: KllSketch, data: Float64Array): number {
  const sorted = data.slice().sort();
  let worst = 0;
  for (let step = 1; step < 200; step++) {
    const q = step / 200;
    const value = sketch.quantile(q);
    const rankBelow = exactRank(sorted, value) / data.length;
    const rankAbove = (exactRank(sorted, value - Math.abs(value) * 1e-15 - 1e-300) + 1) / data.length;
    const error = q > rankBelow ? q - rankBelow : q < rankAbove ? rankAbove - q : 0;
    worst = Math.max(worst, error);
    const cdfError = Math.abs(sketch.cdf(value) - rankBelow);
    worst = Math.max(worst, cdfError);
  }
  return worst;
}

const distributions: Record<string, (random: () => number) => number> = {
  uniform: (random) => random() * 100,
  normal: (random) => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random()),
  lognormal: (random) =>
    Math.exp(2 * Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())),
  sortedAscending: () => 0,
  integers: (random) => Math.floor(random() * 50),
};

describe('KllSketch', () => {
  for (const [name, draw] of Object.entries(distributions)) {
    it(`keeps the rank error under 1% against exact ranks (${name}, 1e5 and 1e6 values)`, () => {
      for (const n of [100_000, 1_000_000]) {
        const random = lcg(n + name.length);
        const data = new Float64Array(n);
        for (let index = 0; index < n; index++)
          data[index] = name === 'sortedAscending' ? index : draw(random);
        const sketch = new KllSketch(200);
        for (const value of data) sketch.update(value);
        expect(sketch.n).toBe(n);
        expect(maxRankError(sketch, data)).toBeLessThan(0.01);
      }
    });
  }

  it('stays bounded in size whatever the count, and its weights add up to n exactly', () => {
    const random = lcg(7);
    const sizes: number[] = [];
    const sketch = new KllSketch(200);
    let n = 0;
    for (const target of [1e4, 1e5, 1e6, 3e6]) {
      while (n < target) {
        sketch.update(random());
        n++;
      }
      sizes.push(sketch.retained());
      const view = sketch.sortedView();
      expect(view.cumulative[view.cumulative.length - 1]).toBe(n);
    }
    expect(Math.max(...sizes)).toBeLessThan(3 * 200 + 50);
  });

  it('merges: the merged sketch keeps the error bound over the union', () => {
    const random = lcg(11);
    const data = new Float64Array(600_000);
    for (let index = 0; index < data.length; index++) data[index] = random() * (index < 300_000 ? 1 : 3);
    const parts = [new KllSketch(200), new KllSketch(200, 5), new KllSketch(200, 9)];
    data.forEach((value, index) => {
      parts[index % 3 === 0 ? 0 : index < 400_000 ? 1 : 2]!.update(value);
    });
    parts[0]!.merge(parts[1]!);
    parts[0]!.merge(parts[2]!);
    expect(parts[0]!.n).toBe(data.length);
    expect(maxRankError(parts[0]!, data)).toBeLessThan(0.01);
  });

  it('is exact while fewer values than its capacity have been seen', () => {
    const sketch = new KllSketch(200);
    [5, 1, 4, 2, 3].forEach((value) => {
      sketch.update(value);
    });
    expect(sketch.quantiles([0, 0.2, 0.5, 1])).toEqual([1, 1, 3, 5]);
    expect(sketch.cdf(2.5)).toBe(0.4);
  });

  it('round-trips through JSON and rejects weights that do not add up', () => {
    const random = lcg(3);
    const sketch = new KllSketch(200);
    for (let index = 0; index < 50_000; index++) sketch.update(random());
    const data = JSON.parse(JSON.stringify(sketch.toJSON()));
    const copy = KllSketch.fromJSON(data)!;
    expect(copy.quantiles([0.1, 0.5, 0.9])).toEqual(sketch.quantiles([0.1, 0.5, 0.9]));
    expect(KllSketch.fromJSON({ ...data, n: data.n + 1 })).toBeUndefined();
  });
});
