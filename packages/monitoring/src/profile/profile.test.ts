import { PlinthError } from '@plinth/core';
import { tableFromArrays } from 'apache-arrow';
import { mean, standardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { createProfile, mergeProfiles, profileFromJSON, profileToJSON } from './profile.ts';
import type { CategoricalColumnProfile, NumericColumnProfile } from './schema.ts';

function numeric(profile: ReturnType<typeof createProfile>, name: string): NumericColumnProfile {
  return profile.columns.find((column) => column.name === name) as NumericColumnProfile;
}

describe('createProfile', () => {
  it('counts rows, nulls, NaN and ±Infinity, and matches simple-statistics on mean and std', () => {
    const values = [
      1.5,
      null,
      2,
      Number.NaN,
      8,
      Number.POSITIVE_INFINITY,
      -3,
      Number.NEGATIVE_INFINITY,
      4,
      undefined,
    ];
    const profile = createProfile({ x: values });
    const column = numeric(profile, 'x');
    const finite = [1.5, 2, 8, -3, 4];
    expect(column).toMatchObject({
      count: 10,
      nulls: 2,
      nan: 1,
      positiveInfinity: 1,
      negativeInfinity: 1,
      n: 5,
    });
    expect(column.min).toBe(-3);
    expect(column.max).toBe(8);
    expect(column.mean).toBeCloseTo(mean(finite), 12);
    expect(column.std).toBeCloseTo(standardDeviation(finite), 12);
    expect(column.distinct).toEqual({ values: [-3, 1.5, 2, 4, 8], counts: [1, 1, 1, 1, 1] });
  });

  it('keeps the top-k categories plus an "other" count', () => {
    const plan = [
      ...Array(50).fill('free'),
      ...Array(30).fill('pro'),
      ...Array(15).fill('team'),
      'a',
      'b',
      'c',
      'd',
      'e',
    ];
    const profile = createProfile({ plan }, { topK: 2 });
    const column = profile.columns[0] as CategoricalColumnProfile;
    expect(column).toMatchObject({ kind: 'categorical', count: 100, nulls: 0, distinct: 8, other: 20 });
    expect(column.top).toEqual([
      ['free', 50],
      ['pro', 30],
    ]);
  });

  it('reads Arrow tables and arrays of row objects the same as column records', () => {
    const x = Float64Array.from({ length: 1000 }, (_, index) => Math.sin(index) * 10);
    const label = Array.from({ length: 1000 }, (_, index) => (index % 3 === 0 ? 'a' : 'b'));
    const fromColumns = createProfile({ x, label });
    const fromArrow = createProfile(tableFromArrays({ x, label }));
    const fromRows = createProfile(
      Array.from({ length: 1000 }, (_, index) => ({ x: x[index]!, label: label[index]! })),
    );
    expect(fromArrow).toEqual(fromColumns);
    expect(fromRows).toEqual(fromColumns);
  });

  it('merges into what profiling the concatenation gives (counts, moments, histogram exactly; sketch within error)', () => {
    const a = Float64Array.from({ length: 40_000 }, (_, index) => Math.cos(index) * 5);
    const b = Float64Array.from({ length: 60_000 }, (_, index) => 100 + Math.sin(index));
    const merged = mergeProfiles([createProfile({ x: a }), createProfile({ x: b })]);
    const whole = createProfile({ x: Float64Array.from([...a, ...b]) });
    const m = numeric(merged, 'x');
    const w = numeric(whole, 'x');
    expect(m.n).toBe(100_000);
    expect(m.mean).toBeCloseTo(w.mean!, 9);
    expect(m.std).toBeCloseTo(w.std!, 9);
    expect([m.min, m.max]).toEqual([w.min, w.max]);
    expect(m.histogram).toEqual(w.histogram);
    expect(m.sketch.n).toBe(100_000);
  });

  it('serialises to JSON and validates on the way back, naming the bad field', () => {
    const profile = createProfile({ x: [1, 2, 3, 4], c: ['u', 'v', 'u', 'u'] });
    const text = profileToJSON(profile);
    expect(profileFromJSON(text)).toEqual(profile);
    const corrupt = JSON.parse(text);
    corrupt.columns[0].sketch.n = 99;
    expect(() => profileFromJSON(corrupt)).toThrow(/column "x" has a sketch/);
    const wrongType = JSON.parse(text);
    wrongType.columns[1].top = 'nope';
    try {
      profileFromJSON(wrongType);
      expect.unreachable();
    } catch (error) {
      expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
      expect(String(error)).toContain('columns.1.top');
    }
  });

  it('has a size independent of the row count', () => {
    const small = profileToJSON(
      createProfile({ x: Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i)) }),
    );
    const large = profileToJSON(
      createProfile({ x: Float64Array.from({ length: 2_000_000 }, (_, i) => Math.sin(i)) }),
    );
    expect(large.length).toBeLessThan(small.length * 1.5);
    expect(large.length).toBeLessThan(30_000);
  });

  it('rejects empty tables and columns that mix numbers and text, naming the column', () => {
    expect(() => createProfile({})).toThrow(/empty/);
    expect(() => createProfile({ x: [] })).toThrow(/empty/);
    expect(() => createProfile({ x: [1, 'two', 3] })).toThrow(/column "x" mixes numbers/);
    expect(() => createProfile({ x: [1, 2] }, { columns: ['y'] })).toThrow(/column "y"/);
  });
});
