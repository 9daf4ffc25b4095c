import { describe, expect, it } from 'vitest';
import { GridHistogram } from './grid-histogram.ts';

function bruteForce(values: number[], edges: number[]): number[] {
  return edges
    .slice(0, -1)
    .map((lower, index) => values.filter((v) => v >= lower && v < edges[index + 1]!).length);
}

describe('GridHistogram', () => {
  it('counts every value exactly in power-of-two aligned bins, whatever the arrival order', () => {
    const values = [3.2, -1, 1000, 0, 7.5, 7.5, 250, -40, 999.99, 12];
    const histogram = new GridHistogram(64);
    for (const value of values) histogram.add(value);
    const { edges, counts } = histogram.bins();
    expect(counts.length).toBeLessThanOrEqual(64);
    expect(counts).toEqual(bruteForce(values, edges));
    expect(histogram.total()).toBe(values.length);
    const width = edges[1]! - edges[0]!;
    expect(Number.isInteger(Math.log2(width))).toBe(true);
    for (const edge of edges) expect(Number.isInteger(edge / width)).toBe(true);
  });

  it('merges exactly: merging two histograms equals the histogram of both inputs', () => {
    const left = [0.001, 0.002, 0.5, 0.75];
    const right = [10, 20, 30, 40, 55.5];
    const a = new GridHistogram(32);
    const b = new GridHistogram(32);
    const both = new GridHistogram(32);
    left.forEach((value) => {
      a.add(value);
      both.add(value);
    });
    right.forEach((value) => {
      b.add(value);
      both.add(value);
    });
    a.merge(b);
    expect(a.bins()).toEqual(both.bins());
    expect(a.bins().counts).toEqual(bruteForce([...left, ...right], a.bins().edges));
  });

  it('handles very wide ranges and survives JSON', () => {
    const values = [1e-300, 1e300, -5e299, 1];
    const histogram = new GridHistogram(16);
    for (const value of values) histogram.add(value);
    const copy = GridHistogram.fromJSON(JSON.parse(JSON.stringify(histogram.toJSON())), 16);
    expect(copy.bins()).toEqual(histogram.bins());
    expect(copy.bins().counts).toEqual(bruteForce(values, copy.bins().edges));
  });
});
