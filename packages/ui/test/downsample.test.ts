import { describe, expect, it } from 'vitest';
import { downsampleIndices, jsonNumber } from '../src/downsample.ts';

/** A seeded xorshift32 in [0, 1): the same noise on every run. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

describe('downsampleIndices (first, min, max, last per bucket)', () => {
  it('keeps everything when the series fits', () => {
    expect([...downsampleIndices([3, 1, 2], 10)]).toEqual([0, 1, 2]);
  });

  it('keeps the global and every bucket extreme of 100,000 noisy points, with spikes', () => {
    const next = random(7);
    const values = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 500) + next() * 0.1);
    values[12_345] = 40; // a single-point spike up
    values[87_654] = -35; // and down
    const buckets = 250;
    const kept = downsampleIndices(values, buckets);
    expect(kept.length).toBeLessThanOrEqual(buckets * 4);
    expect(kept.length).toBeGreaterThan(buckets * 2);
    const keptSet = new Set(kept);
    expect(keptSet.has(12_345)).toBe(true);
    expect(keptSet.has(87_654)).toBe(true);
    // independent check: brute-force min and max of each bucket, compared by value
    for (let bucket = 0; bucket < buckets; bucket++) {
      const start = Math.floor((bucket * values.length) / buckets);
      const end = Math.floor(((bucket + 1) * values.length) / buckets);
      const slice = Array.from(values.subarray(start, end));
      const keptValues = [...kept]
        .filter((index) => index >= start && index < end)
        .map((index) => values[index]);
      expect(keptValues).toContain(Math.min(...slice));
      expect(keptValues).toContain(Math.max(...slice));
      expect([...kept].filter((index) => index >= start && index < end)[0]).toBe(start);
      expect([...kept].filter((index) => index >= start && index < end).at(-1)).toBe(end - 1);
    }
    // indices ascend (the drawn line keeps the logged order)
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]!);
  });

  it('skips NaN for the extremes but keeps a bucket made only of NaN', () => {
    const values = [...Array.from({ length: 8 }, () => Number.NaN), 1, 5, -2, 3, 0, 9, 4, 2];
    const kept = [...downsampleIndices(values, 2)];
    expect(kept).toContain(0);
    expect(kept).toContain(13); // 9 is the max of the second bucket
    expect(kept).toContain(10); // -2 the min
  });

  it('sends NaN and ±Infinity as strings, -0 as 0', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1.5].map(jsonNumber)).toEqual(
      ['NaN', 'Infinity', '-Infinity', 0, 1.5],
    );
  });
});
