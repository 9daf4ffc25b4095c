import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { double, row } from './doubles.test-data.ts';

async function rewarded(outcomes: { champion: number[]; challenger: number[] }) {
  const deployment = createDeployment({
    routes: [
      { name: 'champion', model: double(), weight: 1 },
      { name: 'challenger', model: double(), weight: 1 },
    ],
  });
  for (const route of ['champion', 'challenger'] as const) {
    for (const value of outcomes[route]) {
      const result = await deployment.predict(row(), { route });
      deployment.reward(result.requestId, value);
    }
  }
  return deployment;
}

describe('compare', () => {
  it('uses the two-proportion z-test for 0/1 outcomes and says whether it is significant', async () => {
    const deployment = await rewarded({
      champion: [...Array(150).fill(1), ...Array(850).fill(0)],
      challenger: [...Array(120).fill(1), ...Array(880).fill(0)],
    });
    const result = deployment.compare('champion', 'challenger');
    expect(result).toMatchObject({
      test: 'z-test',
      a: { route: 'champion', count: 1000 },
      b: { route: 'challenger', count: 1000 },
      alpha: 0.05,
      significant: true,
    });
    expect(result.difference).toBeCloseTo(0.03, 12);
    expect(result.statistic).toBeCloseTo(1.963049807622355, 11);
    expect(result.pValue).toBeCloseTo(0.04964038686536878, 11);
    expect(deployment.compare('champion', 'challenger', { alpha: 0.01 }).significant).toBe(false);
  });

  it("uses Welch's t-test for continuous outcomes", async () => {
    const deployment = await rewarded({
      champion: [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
      challenger: [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
    });
    const result = deployment.compare('champion', 'challenger');
    expect(result.test).toBe('welch-t');
    expect(result.pValue).toBeCloseTo(0.021378001462866992, 10);
    expect(result.degreesOfFreedom).toBeCloseTo(24.988529290231416, 8);
    expect(result.significant).toBe(true);
    expect(() => deployment.compare('champion', 'challenger', { test: 'z-test' })).toThrow(
      expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
    );
  });

  it('is not significant without outcomes, and rejects bad options', async () => {
    const deployment = await rewarded({ champion: [], challenger: [] });
    const result = deployment.compare('champion', 'challenger');
    expect(Number.isNaN(result.pValue)).toBe(true);
    expect(result.significant).toBe(false);
    for (const bad of [
      { alpha: 0 },
      { alpha: 1 },
      { alpha: Number.NaN },
      { test: 'chi2' },
      { other: 1 },
      null,
    ]) {
      expect(() => deployment.compare('champion', 'challenger', bad as never)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
  });
});
