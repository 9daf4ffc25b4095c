import { describe, expect, it } from 'vitest';
import { decodeMetricBatch, encodeMetricBatch } from './codec.ts';
import { latestOf } from './latest.ts';

describe('metric batches', () => {
  it('lay out a 16-byte header then value, step and timestamp columns as little-endian float64', () => {
    const values = new Float64Array([1.5, Number.NaN]);
    const bytes = encodeMetricBatch(
      { values, steps: new Float64Array([0, 1]), timestamps: new Float64Array([10, 20]) },
      2,
    );
    expect(bytes.byteLength).toBe(16 + 2 * 24);
    // 1.5 as IEEE 754 double is 0x3FF8000000000000: little-endian bytes 00 … 00 F8 3F.
    expect([...bytes.subarray(16, 24)]).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(new DataView(bytes.buffer).getUint32(8, true)).toBe(2);
    // step 1 is the fourth float64: 1.0 = 0x3FF0000000000000.
    expect([...bytes.subarray(16 + 24, 16 + 32)]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  });

  it('round-trip NaN, ±Infinity, -0 and extreme values bit for bit, also from an unaligned view', () => {
    const values = new Float64Array([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      5e-324,
      Number.MAX_VALUE,
    ]);
    const steps = new Float64Array([0, 1, 2, 3, 4, 2 ** 53 - 1]);
    const timestamps = new Float64Array([7, 7, 7, 7, 7, 7]);
    const bytes = encodeMetricBatch({ values, steps, timestamps }, 6);
    const unaligned = new Uint8Array(bytes.byteLength + 3);
    unaligned.set(bytes, 3);
    const decoded = decodeMetricBatch(unaligned.subarray(3), 'k');
    expect(Object.is(decoded.values[0], Number.NaN)).toBe(true);
    expect(decoded.values[1]).toBe(Number.POSITIVE_INFINITY);
    expect(decoded.values[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(decoded.values[3], -0)).toBe(true);
    expect(decoded.values[4]).toBe(5e-324);
    expect(decoded.steps[5]).toBe(2 ** 53 - 1);
  });

  it('rejects truncated batches with PLINTH_STORAGE', () => {
    const bytes = encodeMetricBatch(
      { values: new Float64Array([1]), steps: new Float64Array([1]), timestamps: new Float64Array([1]) },
      1,
    );
    expect(() => decodeMetricBatch(bytes.subarray(0, bytes.byteLength - 1), 'k')).toThrow(
      /not a valid batch/,
    );
    expect(() => decodeMetricBatch(new Uint8Array(4), 'k')).toThrow(/not a valid batch/);
  });

  it('picks the latest point by greatest step, then timestamp, then the later-logged one', () => {
    const columns = {
      values: new Float64Array([1, 2, 3, 4, 5]),
      steps: new Float64Array([5, 9, 9, 2, 9]),
      timestamps: new Float64Array([100, 50, 70, 999, 70]),
    };
    // step 9 wins over 5 and 2; among step 9, timestamp 70 beats 50; the two (9, 70) points tie → the later one (5).
    expect(latestOf(columns, 5)).toEqual({ value: 5, step: 9, timestamp: 70 });
    expect(latestOf(columns, 3)).toEqual({ value: 3, step: 9, timestamp: 70 });
    expect(latestOf(columns, 0)).toBeUndefined();
  });
});
