// Every bad-input probe of issue 9 against @plinth/monitoring, kept as a test: each is a coded PlinthError (or,
// for names that are Object.prototype members, an ordinary column), and nothing is written on error.
import { PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import { detectDrift } from './drift/detect-drift.ts';
import { driftToPrometheus } from './export/prometheus.ts';
import { createDriftMonitor, createPredictionDriftMonitor } from './monitors/drift-monitor.ts';
import { createLatencyMonitor } from './monitors/latency-monitor.ts';
import { createQualityMonitor } from './monitors/quality-monitor.ts';
import { createProfile, mergeProfiles, profileFromJSON, profileToJSON } from './profile/profile.ts';
import { expectationsFromProfile } from './quality/from-profile.ts';
import { validateData } from './quality/validate-data.ts';
import { renderDriftReport } from './report/render.ts';
import { chiSquare, chiSquareFromCounts, ks2samp, psi, wasserstein, zTest } from './stats/index.ts';
import { profileStore } from './store/profile-store.ts';

/** Calls `run` and returns the PlinthError it threw (failing when it threw anything else, or nothing). */
function coded(run: () => unknown, code = 'PLINTH_VALIDATION', message?: RegExp): PlinthError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a PlinthError').toBeInstanceOf(PlinthError);
  const error = caught as PlinthError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/^\[plinth:monitoring\] /);
  if (message) expect(error.message).toMatch(message);
  return error;
}

async function codedAsync(run: () => Promise<unknown>, message?: RegExp): Promise<PlinthError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, 'expected a PlinthError').toBeInstanceOf(PlinthError);
  expect((error as PlinthError).code).toBe('PLINTH_VALIDATION');
  if (message) expect((error as PlinthError).message).toMatch(message);
  return error as PlinthError;
}

const anyValue = (value: unknown) => value as never;

describe('issue 9 probes: hangs and bare RangeErrors', () => {
  it('rejects histogramBins 0, NaN, -1 and Infinity at once instead of hanging or throwing RangeError', () => {
    for (const histogramBins of [0, Number.NaN, -1, Number.POSITIVE_INFINITY, 1, 2.5, 5000]) {
      coded(() => createProfile({ a: [1, 2, 3] }, { histogramBins }), undefined, /histogramBins/);
    }
    expect(createProfile({ a: [-1, 2, 3] }, { histogramBins: 2 }).columns[0]).toMatchObject({ n: 3 });
  });

  it('mergeProfiles of profiles with different sketchK is PLINTH_VALIDATION naming the column', () => {
    const a = createProfile({ x: [1, 2, 3] }, { sketchK: 100 });
    const b = createProfile({ x: [4, 5, 6] }, { sketchK: 200 });
    coded(() => mergeProfiles([a, b]), undefined, /column "x" was profiled with sketchK 100 .* and 200/);
  });

  it('rejects topK NaN and sketchK 0 instead of accepting them', () => {
    coded(() => createProfile({ a: ['x'] }, { topK: Number.NaN }), undefined, /topK/);
    coded(() => createProfile({ a: [1] }, { sketchK: 0 }), undefined, /sketchK/);
    coded(() => createProfile({ a: [1] }, { sketchK: 7 }), undefined, /sketchK/);
  });

  it('rejects unknown option keys, naming the key', () => {
    coded(() => createProfile({ a: [1] }, anyValue({ histogramBin: 8 })), undefined, /"histogramBin"/);
    coded(
      () => detectDrift({ a: [1, 2] }, { a: [1, 2] }, anyValue({ driftshare: 0.5 })),
      undefined,
      /"driftshare"/,
    );
    coded(() => ks2samp([1], [2], anyValue({ alternatve: 'less' })), undefined, /"alternatve"/);
    coded(() => mergeProfiles([createProfile({ a: [1] })], anyValue({ topk: 3 })), undefined, /"topk"/);
  });
});

describe('issue 9 probes: uncoded TypeErrors are PLINTH_VALIDATION naming the argument', () => {
  const profile = createProfile({ a: [1, 2, 3], b: ['x', 'y', 'x'] });
  const drift = detectDrift(profile, { a: [1, 2, 3], b: ['x', 'y', 'y'] });

  it.each([
    ['mergeProfiles(null)', () => mergeProfiles(anyValue(null)), /profiles/],
    ['mergeProfiles([null])', () => mergeProfiles(anyValue([null])), /profiles\[0\]/],
    [
      'createDriftMonitor({ reference: null })',
      () => createDriftMonitor(anyValue({ reference: null, window: { size: 10 } })),
      /reference/,
    ],
    ['createDriftMonitor(null)', () => createDriftMonitor(anyValue(null)), /options/],
    ['renderDriftReport({})', () => renderDriftReport(anyValue({})), /renderDriftReport result/],
    ['chiSquare(null, null)', () => chiSquare(anyValue(null), anyValue(null)), /reference must be an array/],
    ['chiSquareFromCounts(null, {})', () => chiSquareFromCounts(anyValue(null), {}), /referenceCounts/],
    ['profileStore(null)', () => profileStore(anyValue(null)), /profileStore options/],
    ['profileStore({ storage: 1 })', () => profileStore(anyValue({ storage: 1 })), /storage/],
    ['driftToPrometheus(null)', () => driftToPrometheus(anyValue(null)), /driftToPrometheus result/],
    ['ks2samp(null, [1])', () => ks2samp(anyValue(null), [1]), /reference must be an array/],
    ['ks2samp(["1"], [1])', () => ks2samp(anyValue(['1']), [1]), /reference\[0\] is "1"/],
    ['zTest([{}], [1])', () => zTest(anyValue([{}]), [1]), /reference\[0\]/],
    ['psi(1, 2)', () => psi(anyValue(1), anyValue(2)), /reference/],
    ['wasserstein([1], undefined)', () => wasserstein([1], anyValue(undefined)), /current/],
    ['validateData(t, null)', () => validateData({ a: [1] }, anyValue(null)), /expectations/],
    ['validateData(null, e)', () => validateData(anyValue(null), { columns: {} }), /not a table/],
    ['expectationsFromProfile(null)', () => expectationsFromProfile(anyValue(null)), /profile/],
    ['detectDrift(null, t)', () => detectDrift(anyValue(null), { a: [1] }), /reference table/],
    ['detectDrift(rows with null)', () => detectDrift([{ a: 1 }], anyValue([null])), /row 0/],
    ['profileFromJSON("{")', () => profileFromJSON('{'), /not valid JSON/],
    [
      'renderDriftReport(drift, { generatedAt: "x" })',
      () => renderDriftReport(drift, anyValue({ generatedAt: 'x' })),
      /generatedAt/,
    ],
  ])('%s', (_, run, message) => {
    coded(run, 'PLINTH_VALIDATION', message);
  });
});

describe('issue 9 probes: silently accepted values are rejected', () => {
  it('observe(NaN), negative or infinite latency on a latency monitor', () => {
    const seen: number[] = [];
    const monitor = createLatencyMonitor({ window: { size: 2 }, onWindow: (r) => seen.push(r.count) });
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      coded(() => monitor.observe(bad), undefined, /latencyMs/);
    }
    coded(() => monitor.observe(5, anyValue('yes')), undefined, /failed/);
    monitor.observe(5);
    monitor.observe(7);
    expect(seen).toEqual([2]); // the rejected calls counted nothing
  });

  it("createQualityMonitor({ task: 'x' }) and bad ids, labels and scores", () => {
    coded(() => createQualityMonitor(anyValue({ task: 'x', window: { size: 10 } })), undefined, /task/);
    coded(() => createQualityMonitor(anyValue({ task: 'classification' })), undefined, /window/);
    coded(
      () => createQualityMonitor(anyValue({ task: 'regression', window: { durationMs: 10 } })),
      undefined,
      /window must be \{ size \}/,
    );
    const monitor = createQualityMonitor({ task: 'classification', window: { size: 2 } });
    coded(() => monitor.recordPrediction(anyValue(1), 'a'), undefined, /id/);
    coded(() => monitor.recordPrediction('a', anyValue({})), undefined, /prediction/);
    coded(() => monitor.recordPrediction('a', 'x', Number.NaN), undefined, /score/);
    expect(monitor.pending()).toBe(0);
  });

  it('a drift monitor row with a text value in a numeric column, before anything is buffered', () => {
    const reference = createProfile({ a: [1, 2, 3, 4] });
    const windows: number[] = [];
    const monitor = createDriftMonitor({
      reference,
      window: { size: 2 },
      onWindow: (r) => windows.push(r.window.rows),
    });
    coded(() => monitor.observe({ a: anyValue('3') }), undefined, /column "a" is numeric/);
    coded(() => monitor.observe({ a: anyValue([1, 'x']) }), undefined, /column "a" is numeric/);
    coded(() => monitor.observe(anyValue(42)), undefined, /observe/);
    monitor.observe({ a: 1 });
    monitor.observe({ a: 2 });
    expect(windows).toEqual([2]);
  });

  it('rejects a clock without now() and the removed now option', () => {
    const reference = createProfile({ a: [1, 2, 3, 4] });
    coded(
      () => createDriftMonitor({ reference, window: { size: 2 }, clock: anyValue({}) }),
      undefined,
      /clock/,
    );
    coded(
      () => createDriftMonitor(anyValue({ reference, window: { size: 2 }, now: () => 0 })),
      undefined,
      /"now"/,
    );
    coded(() => createLatencyMonitor({ window: { size: 2 }, clock: anyValue(Date.now) }), undefined, /clock/);
  });

  it('profileStore.save(name, null) is rejected before any write; load still reads the old profile', async () => {
    const storage = memoryStorage();
    const store = profileStore({ storage });
    const profile = createProfile({ a: [1, 2, 3] });
    await store.save('x', profile);
    const before = await storage.get('monitoring/profiles/x.json');
    await codedAsync(() => store.save('x', anyValue(null)), /profile to save/);
    await codedAsync(() => store.save('y', anyValue({ ...profile, rowCount: -1 })), /rowCount/);
    await codedAsync(() => store.save('x', profile, anyValue({ ifVersoin: 'v' })), /"ifVersoin"/);
    const after = await storage.get('monitoring/profiles/x.json');
    expect(after?.version).toBe(before?.version);
    expect(await storage.get('monitoring/profiles/y.json')).toBeUndefined();
    expect((await store.load('x')).profile).toEqual(profileFromJSON(profileToJSON(profile)));
  });
});

describe('names that are Object.prototype members are ordinary columns everywhere', () => {
  const names = ['__proto__', 'constructor', 'toString'] as const;
  const table = (shift: number) => {
    const columns: Record<string, Float64Array | string[]> = Object.create(null);
    for (const [index, name] of names.entries()) {
      columns[name] = Float64Array.from(
        { length: 200 },
        (_, row) => ((row * 7919) % 200) / 10 + index + shift,
      );
    }
    columns.plan = Array.from({ length: 200 }, (_, row) => (row % 3 === 0 ? 'pro' : 'free'));
    return JSON.parse(
      JSON.stringify(columns, (_, value) => (value instanceof Float64Array ? [...value] : value)),
    );
  };
  const reference = table(0);
  const current = table(0.5);

  it('profiles, round-trips and merges them', () => {
    const profile = createProfile(reference);
    expect(profile.columns.map((column) => column.name)).toEqual([...names, 'plan']);
    const merged = mergeProfiles([profile, profileFromJSON(profileToJSON(profile))]);
    expect(merged.columns.map((column) => [column.name, column.count])).toEqual([
      ['__proto__', 400],
      ['constructor', 400],
      ['toString', 400],
      ['plan', 400],
    ]);
  });

  it('detectDrift with per-column tests and thresholds for each of them (from a table and a profile)', () => {
    // JSON.parse makes own "__proto__" keys (an object literal would set the prototype instead).
    const options = JSON.parse(
      '{"tests":{"columns":{"constructor":"psi","__proto__":"wasserstein"}},' +
        '"thresholds":{"columns":{"constructor":0.2,"toString":0.3},"__proto__":0.01}}',
    );
    for (const ref of [reference, createProfile(reference)]) {
      const result = detectDrift(ref, current, anyValue(options));
      const byName = new Map(result.columns.map((column) => [column.column, column]));
      expect(byName.get('constructor')).toMatchObject({ test: 'psi', threshold: 0.2 });
      expect(byName.get('toString')).toMatchObject({ threshold: 0.3 });
      expect(byName.get('__proto__')).toMatchObject({ test: 'wasserstein', threshold: 0.01 });
      expect(result.columns).toHaveLength(4);
    }
    // With only a threshold given (the probe), a constructor column is tested like any other.
    const probe = detectDrift(reference, current, anyValue({ thresholds: { constructor: 0.2 } }));
    expect(probe.columns.find((column) => column.column === 'constructor')?.threshold).toBe(0.2);
  });

  it('a column missing from a row is missing, not Object.prototype.constructor', () => {
    const rows: Array<Record<string, number>> = [{ a: 1 }, { a: 2, constructor: 3 }, { a: 3 }];
    const profile = createProfile(rows);
    const column = profile.columns.find((entry) => entry.name === 'constructor')!;
    expect(column).toMatchObject({ kind: 'numeric', count: 3, nulls: 2, n: 1 });
  });

  it('validation, expectations, monitors, reports and Prometheus', () => {
    const profile = createProfile(reference);
    const expectations = expectationsFromProfile(profile);
    expect(Object.keys(expectations.columns)).toEqual([...names, 'plan']);
    expect(Object.getPrototypeOf(expectations.columns)).toBe(null);
    const validation = validateData(current, expectations);
    expect(validation.failures).toEqual([]);
    expect(validation.checked).toBeGreaterThan(12);
    const handWritten = JSON.parse('{"columns":{"__proto__":{"min":100},"toString":{"type":"categorical"}}}');
    const failures = validateData(current, handWritten).failures.map((failure) => [
      failure.column,
      failure.expectation,
    ]);
    expect(failures).toEqual([
      ['__proto__', 'min'],
      ['toString', 'type'],
    ]);

    const windows: string[][] = [];
    const monitor = createDriftMonitor({
      reference: profile,
      window: { size: 100 },
      onWindow: (result) => windows.push(result.columns.map((column) => column.column).sort()),
    });
    monitor.observe(current);
    expect(windows).toEqual([
      ['__proto__', 'constructor', 'plan', 'toString'],
      ['__proto__', 'constructor', 'plan', 'toString'],
    ]);
    const rows = createPredictionDriftMonitor({
      reference: profile,
      column: '__proto__',
      window: { size: 50 },
    });
    const results = Array.from({ length: 50 }, (_, index) => rows.observe(index / 5)).flat();
    expect(results.map((result) => result.columns[0]!.column)).toEqual(['__proto__']);

    const drift = detectDrift(profile, current);
    const html = renderDriftReport(drift, { validation });
    for (const name of names) expect(html).toContain(`data-column="${name}"`);
    const text = driftToPrometheus(drift, { labels: { constructor: 'x' } });
    for (const name of names) expect(text).toContain(`column="${name}"`);
    expect(text).toContain('constructor="x"');
  });
});
