import { describe, expect, it } from 'vitest';
import { createDriftMonitor } from '../monitors/drift-monitor.ts';
import { createProfile, mergeProfiles, profileFromJSON, profileToJSON } from '../profile/profile.ts';
import { readmeTables } from '../readme-scenario.test-data.ts';
import { ks2samp } from '../stats/index.ts';
import { detectDrift } from './detect-drift.ts';

describe('profiles, detectDrift and monitors in Chromium', () => {
  it('gives the same verdicts as in Node on the README scenario', () => {
    const { reference, current } = readmeTables();
    const profile = profileFromJSON(
      profileToJSON(mergeProfiles([createProfile(reference), createProfile(reference)])),
    );
    expect(profile.rowCount).toBe(10_000);
    const result = detectDrift(profile, current);
    expect(result.columns.map((column) => [column.column, column.test, column.drifted])).toEqual([
      ['age', 'wasserstein', true],
      ['plan', 'jensenshannon', false],
    ]);
    const windows: number[] = [];
    const monitor = createDriftMonitor({
      reference: profile,
      window: { size: 500 },
      onDrift: (r) => windows.push(r.window.index),
    });
    for (let i = 0; i < 1000; i++) monitor.observe({ age: 45 + (i % 40), plan: 'free' });
    expect(windows).toEqual([0, 1]);
  });

  it('KS on tables matches ks2samp, NaN counted per column', () => {
    const reference = { x: [0.1, 0.5, Number.NaN, 0.9, 1.3, 2.2, 0.4, 0.8] };
    const current = { x: [1.1, 1.5, 1.9, Number.POSITIVE_INFINITY, 2.3, 2.2, 1.4, 1.8] };
    const column = detectDrift(reference, current).columns[0]!;
    expect(column.pValue).toBe(
      ks2samp([0.1, 0.5, 0.9, 1.3, 2.2, 0.4, 0.8], [1.1, 1.5, 1.9, 2.3, 2.2, 1.4, 1.8]).pValue,
    );
    expect([column.reference.nan, column.current.positiveInfinity]).toEqual([1, 1]);
  });
});
