import { describe, expect, it } from 'vitest';
import {
  createDriftMonitor,
  createProfile,
  type DriftWindowResult,
  detectDrift,
  expectationsFromProfile,
  profileFromJSON,
  profileToJSON,
  renderDriftReport,
  validateData,
} from './index.ts';
import { readmeTables } from './readme-scenario.test-data.ts';

describe('README example', () => {
  it('runs as written and gives the figures the README states', () => {
    const { reference, current } = readmeTables();
    const drift = detectDrift(reference, current);
    expect([drift.driftedCount, drift.columnCount]).toEqual([1, 2]);
    expect(drift.columns.map((c) => [c.column, c.test, c.drifted])).toEqual([
      ['age', 'wasserstein', true],
      ['plan', 'jensenshannon', false],
    ]);

    const profile = profileFromJSON(profileToJSON(createProfile(reference)));
    const fromProfile = detectDrift(profile, current);
    expect(fromProfile.columns.map((c) => [c.column, c.test, c.drifted])).toEqual([
      ['age', 'wasserstein', true],
      ['plan', 'jensenshannon', false],
    ]);

    const validation = validateData(current, expectationsFromProfile(profile));
    expect(
      validation.failures.map((f) => `${f.column} ${f.expectation}: ${JSON.stringify(f.observed)}`),
    ).toEqual(['age max: 540']);

    const html = renderDriftReport(fromProfile, { validation });
    expect(html).toContain('Drift in 1 of 2 columns');

    const drifted: DriftWindowResult[] = [];
    let retrains = 0;
    const monitor = createDriftMonitor({
      reference: profile,
      window: { size: 1000 },
      onDrift: (result) => drifted.push(result),
      alerts: [
        {
          name: 'drift 2 windows running',
          value: (r) => r.datasetDrift,
          consecutive: 2,
          onRetrain: () => retrains++,
        },
      ],
    });
    for (let i = 0; i < 2000; i++)
      monitor.observe({ age: 45 + (i % 40), plan: i % 3 === 0 ? 'pro' : 'free' });
    expect(drifted.map((result) => result.window.index)).toEqual([0, 1]);
    expect(retrains).toBe(1);
  });
});
