import { PlinthError } from '@plinth/core';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/profile.ts';
import type { NumericColumnProfile } from '../profile/schema.ts';
import type { TableInput } from '../profile/table.ts';
import { chiSquare, ks2samp, psiFromBins, wassersteinNormed } from '../stats/index.ts';
import { detectDrift } from './detect-drift.ts';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function normals(n: number, shift: number, seed: number): Float64Array {
  const random = lcg(seed);
  return Float64Array.from({ length: n }, () => {
    const u = random() || 1e-12;
    return shift + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

/** Two-sample KS statistic by brute force over every observed point (independent of the stats module). */
function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  const below = (sorted: Float64Array, x: number) => sorted.filter((v) => v <= x).length / sorted.length;
  let d = 0;
  for (const x of [...sa, ...sb]) d = Math.max(d, Math.abs(below(sa, x) - below(sb, x)));
  return d;
}

/** Runs `run`, which must throw a PLINTH_VALIDATION error whose text matches `pattern`. */
function expectValidation(run: () => unknown, pattern: RegExp): void {
  try {
    run();
    expect.unreachable();
  } catch (error) {
    expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
    expect(String(error)).toMatch(pattern);
  }
}

describe('detectDrift on tables', () => {
  it('picks the Evidently test per column and reports score, threshold and verdict', () => {
    const random = lcg(1);
    const reference = {
      small: normals(500, 0, 2),
      large: normals(5000, 0, 3).subarray(0, 500),
      color: Array.from({ length: 500 }, () => ['red', 'green', 'blue'][Math.floor(random() * 3)]!),
      flag: Array.from({ length: 500 }, () => random() < 0.5),
    };
    const current = {
      small: normals(400, 0.5, 4),
      large: normals(400, 0, 5),
      color: Array.from({ length: 400 }, () => ['red', 'green', 'blue'][Math.floor(random() * 3)]!),
      flag: Array.from({ length: 400 }, () => random() < 0.9),
    };
    const result = detectDrift(reference, current);
    const byName = Object.fromEntries(result.columns.map((column) => [column.column, column]));
    expect(byName.small).toMatchObject({ test: 'ks', threshold: 0.05, drifted: true, type: 'numeric' });
    expect(byName.small!.score).toBe(ks2samp(reference.small, current.small).pValue);
    expect(byName.small!.statistic).toBeCloseTo(ksStatistic(reference.small, current.small), 12);
    expect(byName.large).toMatchObject({ test: 'ks', drifted: false });
    expect(byName.color).toMatchObject({ test: 'chisquare', type: 'categorical', drifted: false });
    expect(byName.color!.pValue).toBe(chiSquare(reference.color, current.color).pValue);
    expect(byName.flag).toMatchObject({ test: 'z', drifted: true });
    expect(result.driftedCount).toBe(2);
    expect(result.columnCount).toBe(4);
    expect(result.driftedShare).toBe(0.5);
    expect(result.datasetDrift).toBe(true);
    expect(result.columns[0]!.severity).toBeGreaterThanOrEqual(result.columns[1]!.severity);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result.toJSON());
  });

  it('uses normed Wasserstein and Jensen–Shannon above 1000 reference rows, with per-type and per-column overrides', () => {
    const reference = { x: normals(3000, 0, 6), y: normals(3000, 0, 7) };
    const current = { x: normals(3000, 0.3, 8), y: normals(3000, 0, 9) };
    const result = detectDrift(reference, current);
    const x = result.columns.find((column) => column.column === 'x')!;
    expect(x.test).toBe('wasserstein');
    expect(x.threshold).toBe(0.1);
    expect(x.score).toBe(wassersteinNormed(reference.x, current.x).statistic);
    const overridden = detectDrift(reference, current, {
      tests: { numeric: 'psi', columns: { y: 'ks' } },
      thresholds: { psi: 0.2, columns: { y: 0.01 } },
    });
    expect(overridden.columns.find((column) => column.column === 'x')).toMatchObject({
      test: 'psi',
      threshold: 0.2,
    });
    expect(overridden.columns.find((column) => column.column === 'y')).toMatchObject({
      test: 'ks',
      threshold: 0.01,
    });
  });

  it('rejects an all-NaN column by default, naming it and what it holds', () => {
    const reference = { a: [1, 2, 3], b: [Number.NaN, Number.NaN, null] };
    const current = { a: [1, 2, 4], b: [1, 2, 3] };
    expectValidation(
      () => detectDrift(reference, current),
      /column "b": the reference has no usable values \(3 rows: 1 null, 2 NaN/,
    );
    expectValidation(
      () => detectDrift({ x: [1, 2] }, { x: [Number.POSITIVE_INFINITY, Number.NaN] }),
      /column "x": the current has no usable values \(2 rows: 0 null, 1 NaN, 1 ±Infinity\)/,
    );
    expectValidation(
      () => detectDrift(reference, current, { emptyColumns: 'skip' as 'report' }),
      /emptyColumns/,
    );
  });

  it('counts NaN and ±Infinity per column and, with emptyColumns: report, gives an all-NaN column an error entry', () => {
    const reference = {
      a: [1, 2, Number.NaN, 3, Number.POSITIVE_INFINITY, 4, 5, 6, 7, 8],
      b: Array(10).fill(Number.NaN),
    };
    const current = {
      a: [1, 2, 3, Number.NEGATIVE_INFINITY, 4, 5, 6, 7, 8, null],
      b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    };
    const result = detectDrift(reference, current, { emptyColumns: 'report' });
    const a = result.columns.find((column) => column.column === 'a')!;
    expect(a.reference).toMatchObject({ rows: 10, nan: 1, positiveInfinity: 1, nanShare: 0.2 });
    expect(a.current).toMatchObject({ rows: 10, nulls: 1, negativeInfinity: 1, nanShare: 0.2 });
    expect(a.statistic).toBeCloseTo(ksStatistic([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 8]), 12);
    const b = result.columns.find((column) => column.column === 'b')!;
    expect(b.test).toBeNull();
    expect(b.error).toMatch(/reference has no usable values \(10 rows: 0 null, 10 NaN/);
    expect(result.columnCount).toBe(1);
  });

  it('takes per-column tests and thresholds by column name as a shorthand, and names misspelt keys', () => {
    const reference = {
      amount: normals(300, 0, 21),
      plan: Array.from({ length: 300 }, (_, i) => (i % 3 ? 'a' : 'b')),
    };
    const current = {
      amount: normals(300, 0.3, 22),
      plan: Array.from({ length: 300 }, (_, i) => (i % 4 ? 'a' : 'b')),
    };
    const long = detectDrift(reference, current, {
      tests: { columns: { amount: 'psi' } },
      thresholds: { columns: { amount: 0.2 } },
    });
    const short = detectDrift(reference, current, { tests: { amount: 'psi' }, thresholds: { amount: 0.2 } });
    expect(short.columns.map((c) => [c.column, c.test, c.threshold, c.score])).toEqual(
      long.columns.map((c) => [c.column, c.test, c.threshold, c.score]),
    );
    expect(short.columns.find((c) => c.column === 'amount')).toMatchObject({ test: 'psi', threshold: 0.2 });
    expectValidation(
      // @ts-expect-error a misspelt column fails to compile; at run time it is PLINTH_VALIDATION
      () => detectDrift(reference, current, { tests: { amuont: 'psi' } }),
      /tests has an unknown key "amuont"/,
    );
    expectValidation(
      // @ts-expect-error a misspelt test name fails to compile too
      () => detectDrift(reference, current, { thresholds: { kss: 0.01 } }),
      /thresholds has an unknown key "kss"/,
    );
    expectValidation(
      // @ts-expect-error and a misspelt column under `columns`
      () => detectDrift(reference, current, { tests: { columns: { plann: 'z' } } }),
      /tests.columns has an unknown key "plann"/,
    );
  });

  it('accepts Arrow tables and row objects', () => {
    const x = normals(200, 0, 10);
    const y = normals(200, 1, 11);
    const fromArrow = detectDrift(tableFromArrays({ x }), tableFromArrays({ x: y }));
    const fromRows = detectDrift(
      Array.from(x, (value) => ({ x: value })),
      Array.from(y, (value) => ({ x: value })),
    );
    expect(fromArrow.columns[0]!.score).toBe(fromRows.columns[0]!.score);
    expect(fromArrow.columns[0]!.drifted).toBe(true);
  });

  it('rejects empty input, mismatched column types and missing columns with PLINTH_VALIDATION naming the column', () => {
    expectValidation(() => detectDrift({ x: [] }, { x: [1] }), /reference table is empty/);
    expectValidation(() => detectDrift({ x: [1, 2] }, []), /current table is empty/);
    expectValidation(
      () => detectDrift({ x: [1, 2] }, { x: ['a', 'b'] }),
      /column "x" is numeric in the reference but categorical/,
    );
    const current: TableInput = { x: [1, 2] };
    expectValidation(() => detectDrift({ x: [1, 2], y: [1, 2] }, current), /no column "y"/);
    expectValidation(
      () => detectDrift({ c: ['a', 'b'] }, { c: ['a', 'b'] }, { tests: { columns: { c: 'ks' } } }),
      /"ks" needs a numeric column but "c"/,
    );
  });
});

describe('detectDrift against a profile', () => {
  it('KS from the sketch stays within the documented error of the exact statistic', () => {
    const reference = normals(200_000, 0, 12);
    const current = normals(800, 0.1, 13);
    const profile = createProfile({ x: reference });
    const fromProfile = detectDrift(profile, { x: current }, { tests: { numeric: 'ks' } }).columns[0]!;
    const exact = ks2samp(reference, current);
    expect(Math.abs(fromProfile.statistic! - exact.statistic)).toBeLessThan(0.01);
    expect(fromProfile.drifted).toBe(exact.pValue < 0.05);
  });

  it('normed Wasserstein from the sketch is close to the exact one (the default test for large references)', () => {
    const reference = normals(100_000, 0, 14);
    const current = normals(5_000, 0.4, 15);
    const fromProfile = detectDrift(createProfile({ x: reference }), { x: current }).columns[0]!;
    const exact = wassersteinNormed(reference, current).statistic;
    expect(fromProfile.test).toBe('wasserstein');
    expect(Math.abs(fromProfile.statistic! - exact)).toBeLessThan(0.02 * exact + 0.005);
  });

  it('PSI on stored bins is exact for those bins: reference decile groups of the exact grid, plus out-of-range bins', () => {
    const reference = normals(50_000, 0, 16);
    const current = normals(5_000, 0.2, 17);
    const profile = createProfile({ x: reference });
    const column = profile.columns[0] as NumericColumnProfile;
    const width = 2 ** column.histogram.exponent;
    const edges = column.histogram.counts.map((_, index) => (column.histogram.offset + index) * width);
    edges.push((column.histogram.offset + column.histogram.counts.length) * width);
    // the stored bins hold the exact reference counts
    const exactCounts = edges
      .slice(0, -1)
      .map((lower, index) => reference.filter((v) => v >= lower && v < edges[index + 1]!).length);
    expect(column.histogram.counts).toEqual(exactCounts);
    // group whole bins into reference deciles by hand, count current by brute force
    const cuts = [edges[0]!];
    const groups: number[] = [];
    let running = 0;
    let group = 0;
    exactCounts.forEach((count, index) => {
      running += count;
      group += count;
      if (index === exactCounts.length - 1 || running >= (reference.length * (groups.length + 1)) / 10) {
        cuts.push(edges[index + 1]!);
        groups.push(group);
        group = 0;
      }
    });
    const referenceShares = [0, ...groups.map((count) => count / reference.length), 0];
    const currentShares = [
      current.filter((v) => v < cuts[0]!).length,
      ...groups.map((_, index) => current.filter((v) => v >= cuts[index]! && v < cuts[index + 1]!).length),
      current.filter((v) => v >= cuts[cuts.length - 1]!).length,
    ].map((count) => count / current.length);
    const result = detectDrift(profile, { x: current }, { tests: { numeric: 'psi' } }).columns[0]!;
    expect(result.statistic).toBeCloseTo(psiFromBins(referenceShares, currentShares), 12);
  });

  it('chi-square from profile counts equals chi-square on the raw reference, unseen categories included', () => {
    const random = lcg(18);
    const reference = Array.from({ length: 900 }, () => ['a', 'b', 'c', 'd'][Math.floor(random() * 4)]!);
    const current = [
      ...Array.from({ length: 300 }, () => ['a', 'b', 'c'][Math.floor(random() * 3)]!),
      'new',
      'new',
    ];
    const fromProfile = detectDrift(createProfile({ c: reference }), { c: current }).columns[0]!;
    expect(fromProfile.test).toBe('chisquare');
    expect(fromProfile.pValue).toBe(chiSquare(reference, current).pValue);
  });

  it('low-cardinality numeric columns keep exact value counts in the profile', () => {
    const reference = Array.from({ length: 2000 }, (_, index) => index % 4);
    const current = Array.from({ length: 500 }, (_, index) => (index % 5 === 0 ? 3 : index % 3));
    const fromProfile = detectDrift(createProfile({ k: reference }), { k: current }).columns[0]!;
    const fromTable = detectDrift({ k: reference }, { k: current }).columns[0]!;
    expect(fromProfile.test).toBe('jensenshannon');
    expect(fromProfile.statistic).toBeCloseTo(fromTable.statistic!, 12);
  });

  it('rejects a profile from another schema, naming the column', () => {
    const profile = createProfile({ income: [1, 2, 3], age: [4, 5, 6] });
    expect(() => detectDrift(profile, { income: [1, 2] })).toThrow(
      /no column "age" that the reference profile has/,
    );
  });
});
