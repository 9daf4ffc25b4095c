// expectationsFromProfile's default range slack against fresh samples of the same distribution: the demo's
// generator (four standard-normal features, five merchants) profiled on 4,000 rows, then batches of 2,000 rows
// drawn with other seeds, none drifted. Each batch is 8 range checks (4 columns × min/max) plus types, missing
// shares and categories.
import { describe, expect, it } from 'vitest';
import { makeTransactions } from '../../../../examples/demo/data.ts';
import { createProfile } from '../profile/profile.ts';
import { DEFAULT_RANGE_SLACK, expectationsFromProfile } from './from-profile.ts';
import { validateData } from './validate-data.ts';

function columnsOf(dataset: ReturnType<typeof makeTransactions>): Record<string, Float64Array | string[]> {
  return {
    ...Object.fromEntries(dataset.featureNames.map((name, index) => [name, dataset.columns[index]!])),
    merchant: dataset.merchant,
  };
}

const reference = createProfile(columnsOf(makeTransactions(4000, { seed: 1 })), {
  categorical: ['merchant'],
});
const BATCHES = 300;
const batches = Array.from({ length: BATCHES }, (_, index) =>
  columnsOf(makeTransactions(2000, { seed: 2 + index })),
);

function alarmedBatches(rangeSlack?: number): number {
  const expectations = expectationsFromProfile(reference, rangeSlack === undefined ? {} : { rangeSlack });
  return batches.filter((batch) => !validateData(batch, expectations).success).length;
}

describe('expectationsFromProfile false alarms on undrifted batches', () => {
  it(`the default (rangeSlack ${DEFAULT_RANGE_SLACK}) alarms on at most 1% of ${BATCHES} fresh batches`, () => {
    expect(alarmedBatches()).toBeLessThanOrEqual(BATCHES * 0.01);
  });

  it('rangeSlack 0 (the old default) alarms on most of them: a fresh batch of m rows exceeds a bound of n reference rows with probability m / (n + m) each', () => {
    // 8 bounds, each crossed with probability 2000 / 6000 = 1/3: P(no alarm) ≈ (2/3)^8 ≈ 4%.
    expect(alarmedBatches(0)).toBeGreaterThan(BATCHES * 0.8);
  });

  it('still fails a batch whose amounts were entered in cents', () => {
    const expectations = expectationsFromProfile(reference);
    const batch = columnsOf(makeTransactions(2000, { seed: 999 }));
    const cents = { ...batch, amount: (batch.amount as Float64Array).map((value) => value * 100) };
    const failures = validateData(cents, expectations).failures.map((failure) => [
      failure.column,
      failure.expectation,
    ]);
    expect(failures).toContainEqual(['amount', 'max']);
  });
});
