// Column maps are typed from the tables' column names: a misspelt column or option fails to compile.
import { describe, expectTypeOf, it } from 'vitest';
import { createProfile } from '../profile/profile.ts';
import { detectDrift } from './detect-drift.ts';
import type { DriftOptions } from './types.ts';

const reference = { amount: [1, 2, 3], plan: ['a', 'b', 'a'] };
const current = { amount: [2, 3, 4], plan: ['a', 'a', 'b'] };

describe('detectDrift column maps', () => {
  it('accepts the tables’ columns and the per-type keys', () => {
    detectDrift(reference, current, {
      tests: { numeric: 'ks', amount: 'psi', columns: { plan: 'z' } },
      thresholds: { ks: 0.01, plan: 0.2, columns: { amount: 0.3 } },
      columns: ['amount'],
      categorical: ['plan'],
    });
    detectDrift([{ amount: 1, plan: 'a' }], [{ amount: 2, plan: 'b' }], { tests: { amount: 'ks' } });
  });

  it('rejects a typo in tests, thresholds, columns and categorical', () => {
    // @ts-expect-error "numric" is neither a column nor numeric/categorical/columns
    detectDrift(reference, current, { tests: { numric: 'ks' } });
    // @ts-expect-error "amuont" is not a column
    detectDrift(reference, current, { tests: { columns: { amuont: 'ks' } } });
    // @ts-expect-error "kss" is not a test
    detectDrift(reference, current, { thresholds: { kss: 0.01 } });
    // @ts-expect-error "pln" is not a column
    detectDrift(reference, current, { columns: ['pln'] });
    // @ts-expect-error "kss" is not a test a column can be given
    detectDrift(reference, current, { tests: { amount: 'kss' } });
  });

  it('falls back to any string when the column names are not known (a profile against a wide record)', () => {
    const wide: Record<string, ArrayLike<number | string>> = current;
    detectDrift(createProfile(reference), wide, { tests: { anything: 'ks' } });
    expectTypeOf<DriftOptions['tests']>().toMatchTypeOf<{ numeric?: string } | undefined>();
  });
});
