import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { matchesFilter, parseFilter, pinnedNames } from './filter.ts';
import type { ModelVersion } from './schemas/version.ts';

const version = (overrides: Partial<ModelVersion>): ModelVersion => ({
  name: 'fraud',
  version: 3,
  semver: '1.2.0',
  sha256: 'a'.repeat(64),
  size: 10,
  createdAt: 1000,
  updatedAt: 1000,
  createdBy: 'ci',
  format: 'onnx',
  metrics: {},
  params: {},
  tags: { validated: 'true', team: 'risk' },
  description: '',
  datasets: [],
  stage: 'production',
  runId: 'run-1',
  aliases: ['champion'],
  ...overrides,
});

describe('parseFilter', () => {
  it('parses clauses joined by AND, in any case, with lists and backquoted tag keys', () => {
    expect(parseFilter("name = 'fraud' and tags.validated = 'true' AND version >= 2")).toEqual([
      { field: 'name', operator: '=', value: 'fraud' },
      { field: 'tags.validated', operator: '=', value: 'true' },
      { field: 'version', operator: '>=', value: 2 },
    ]);
    expect(parseFilter('tags.`data set` != "eu" and current_stage IN (\'staging\', "production")')).toEqual([
      { field: 'tags.data set', operator: '!=', value: 'eu' },
      { field: 'stage', operator: 'IN', value: ['staging', 'production'] },
    ]);
    expect(parseFilter("run_id not in ('a') and name ilike 'FR%'")).toEqual([
      { field: 'run_id', operator: 'NOT IN', value: ['a'] },
      { field: 'name', operator: 'ILIKE', value: 'FR%' },
    ]);
  });

  it.each([
    "colour = 'red'",
    "name == 'fraud'",
    "name = 'fraud' or version = 1",
    "name = 'fraud' and",
    'name =',
    "name = 'unterminated",
    'version IN 1, 2',
  ])('rejects %j with PLINTH_VALIDATION', (filter) => {
    try {
      parseFilter(filter);
      expect.unreachable();
    } catch (error) {
      expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
      expect((error as Error).message).toMatch(/^\[plinth:registry\] invalid filter at position \d+/);
    }
  });
});

describe('matchesFilter', () => {
  const v = version({});
  const check = (filter: string) => matchesFilter(v, parseFilter(filter));

  it('compares numbers numerically and strings exactly', () => {
    expect(check('version = 3')).toBe(true);
    expect(check('version > 10')).toBe(false);
    expect(check('version < 10')).toBe(true);
    expect(check("name = 'fraud'")).toBe(true);
    expect(check("name = 'Fraud'")).toBe(false);
    expect(check("name != 'other'")).toBe(true);
  });

  it('matches tags, run id, stage, alias and LIKE patterns', () => {
    expect(check("tags.validated = 'true' and tags.team = 'risk'")).toBe(true);
    expect(check("tags.missing = 'x'")).toBe(false);
    expect(check("tags.missing != 'x'")).toBe(false);
    expect(check("run_id = 'run-1'")).toBe(true);
    expect(check("stage = 'production'")).toBe(true);
    expect(check("alias = 'champion'")).toBe(true);
    expect(check("alias = 'challenger'")).toBe(false);
    expect(check("name LIKE 'fr%'")).toBe(true);
    expect(check("name LIKE 'FR%'")).toBe(false);
    expect(check("name ILIKE 'FR_UD'")).toBe(true);
    expect(check("stage IN ('staging', 'production')")).toBe(true);
    expect(check('version NOT IN (1, 2, 3)')).toBe(false);
  });

  it('finds the names a filter pins', () => {
    expect(pinnedNames(parseFilter("name = 'fraud' and version > 1"))).toEqual(['fraud']);
    expect(pinnedNames(parseFilter("name IN ('a', 'b')"))).toEqual(['a', 'b']);
    expect(pinnedNames(parseFilter("name LIKE 'a%'"))).toBeUndefined();
  });
});
