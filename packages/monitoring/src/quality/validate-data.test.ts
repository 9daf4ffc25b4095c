import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/profile.ts';
import { expectationsFromProfile } from './from-profile.ts';
import { validateData } from './validate-data.ts';

describe('validateData', () => {
  const batch = {
    id: [1, 2, 3, 3, 5],
    age: [34, -2, 51, null, 130],
    plan: ['free', 'pro', 'enterprise', 'free', 'gold'],
    score: [0.1, 'high', 0.5, 0.7, 0.2],
  };

  it('lists every failed expectation with its column and observed value', () => {
    const result = validateData(batch, {
      rowCount: { min: 10 },
      columns: {
        id: { type: 'numeric', unique: true },
        age: { type: 'numeric', min: 0, max: 120, maxNullShare: 0.1 },
        plan: { type: 'categorical', allowed: ['free', 'pro', 'enterprise'] },
        score: { type: 'numeric' },
        country: {},
        optional: { required: false },
      },
    });
    expect(result.success).toBe(false);
    const found = result.failures.map((failure) => [failure.expectation, failure.column, failure.observed]);
    expect(found).toEqual([
      ['rowCount', null, 5],
      ['unique', 'id', { duplicates: 1, first: 3 }],
      ['nullShare', 'age', 0.2],
      ['min', 'age', -2],
      ['max', 'age', 130],
      ['allowed', 'plan', ['gold']],
      ['type', 'score', '1 non-numeric values (first: "high")'],
      ['presence', 'country', 'missing'],
    ]);
    expect(result.failures.every((failure) => failure.message.length > 0)).toBe(true);
  });

  it('passes a clean batch', () => {
    const result = validateData(
      { a: [1, 2, 3] },
      { columns: { a: { type: 'numeric', min: 1, max: 3, unique: true } }, rowCount: { min: 1, max: 3 } },
    );
    expect(result).toMatchObject({ success: true, failures: [], rowCount: 3 });
    expect(result.checked).toBe(6); // row count, presence, type, min, max, unique
  });

  it('derives expectations from a profile and flags a batch that departs from it', () => {
    const profile = createProfile({ age: [20, 30, 40, 50, null], plan: ['a', 'b', 'a', 'b', 'a'] });
    const expectations = expectationsFromProfile(profile, { nullShareSlack: 0.05, rangeSlack: 0 });
    expect(expectations.columns.age).toMatchObject({ type: 'numeric', min: 20, max: 50 });
    expect(expectations.columns.age!.maxNullShare).toBeCloseTo(0.25, 12);
    expect(expectations.columns.plan).toMatchObject({ type: 'categorical', allowed: ['a', 'b'] });
    const result = validateData({ age: [10, null, null, 35], plan: ['a', 'c', 'b', 'a'] }, expectations);
    expect(result.failures.map((failure) => [failure.column, failure.expectation, failure.observed])).toEqual(
      [
        ['age', 'nullShare', 0.5],
        ['age', 'min', 10],
        ['plan', 'allowed', ['c']],
      ],
    );
  });

  it('rejects malformed expectations with PLINTH_VALIDATION naming the field', () => {
    try {
      validateData({ a: [1] }, { columns: { a: { maxNullShare: 2 } } });
      expect.unreachable();
    } catch (error) {
      expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
      expect(String(error)).toContain('columns.a.maxNullShare');
    }
  });
});
