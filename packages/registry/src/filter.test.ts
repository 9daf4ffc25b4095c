import { listAllKeys, manualClock, PlinthError } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuMs } from '../../core/test/cpu-time.ts';
import { matchesFilter, parseFilter, pinnedNames } from './filter.ts';
import { createRegistry } from './index.node.ts';
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

describe('one engine with tracking', () => {
  const check = (filter: string, overrides: Partial<ModelVersion>) =>
    matchesFilter(version(overrides), parseFilter(filter));

  it('matches newlines, emoji and backslashes as searchRuns does', () => {
    expect(check("tags.n LIKE 'line1%'", { tags: { n: 'line1\nline2' } })).toBe(true);
    expect(check("tags.e LIKE '_'", { tags: { e: '😀' } })).toBe(true);
    expect(check("tags.p LIKE '%\\%%'", { tags: { p: 'C:\\temp' } })).toBe(true);
    expect(check("tags.p LIKE '%\\%%'", { tags: { p: 'plain' } })).toBe(false);
  });

  it('reads tags by own key only', () => {
    expect(check('tags.toString IS NOT NULL', { tags: {} })).toBe(false);
    expect(check("tags.constructor LIKE '%native code%'", { tags: {} })).toBe(false);
    expect(check("tags.constructor = 'x'", { tags: { constructor: 'x' } })).toBe(true);
  });

  it('rejects a non-string filter and type-mismatched values with PLINTH_VALIDATION', () => {
    for (const filter of [123, null, {}, ['name']]) {
      expect(() => parseFilter(filter)).toThrow(/filter must be a string/);
    }
    expect(() => parseFilter("version = '3'")).toThrow(/field "version" is compared with a number/);
    expect(() => parseFilter("name > 'a'")).toThrow(/field "name" is a string/);
  });
});

const HANG_MS = 100;

describe('fuzz: searchVersions over random filters', () => {
  const words = [
    'name',
    'version',
    'tags.team',
    'tags.`a b`',
    'alias',
    'stage',
    'nope',
    '=',
    '!=',
    '<',
    'LIKE',
    'ILIKE',
  ];
  const more = [
    'IN',
    'NOT IN',
    'IS NULL',
    'and',
    'OR',
    '(',
    ')',
    ',',
    "'",
    '"',
    '`',
    '\\',
    '%',
    '_',
    '3',
    '-1e9',
  ];
  const piece = fc.oneof(
    fc.constantFrom(...words, ...more),
    fc.string({ maxLength: 8 }).map((text) => `'${text.replaceAll("'", "''")}'`),
    fc.string({ maxLength: 6, unit: 'binary' }),
  );
  const filterText = fc.oneof(
    fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(' ')),
    fc
      .tuple(
        fc.constantFrom('name LIKE ', 'tags.team ILIKE ', "name = 'fraud' and "),
        piece,
        fc.integer({ min: 1, max: 100_000 }),
      )
      .map(([head, body, size]) =>
        `${head}'${body.repeat(Math.max(1, Math.floor(size / Math.max(1, body.length)))).replaceAll("'", "''")}'`.slice(
          0,
          100_000,
        ),
      ),
  );

  it('throws only PlinthErrors, writes nothing, and no call hangs (seeded; PLINTH_FUZZ_RUNS for more)', async () => {
    const storage = memoryStorage();
    const registry = createRegistry({ storage, clock: manualClock(Date.UTC(2026, 0, 1), 1) });
    await registry.createModel('fraud');
    await registry.registerVersion('fraud', {
      artifact: new Uint8Array([1]),
      tags: { team: 'a'.repeat(8000) },
    });
    const before = await listAllKeys(storage, '');
    await fc.assert(
      fc.asyncProperty(filterText, async (filter) => {
        const outcome = await registry.searchVersions({ filter }).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) expect(PlinthError.is(outcome), String(outcome)).toBe(true);
        expect(await cpuMs(() => registry.searchVersions({ filter }), HANG_MS)).toBeLessThan(HANG_MS);
      }),
      { seed: 10, numRuns: Number(process.env.PLINTH_FUZZ_RUNS ?? 200) },
    );
    expect(await listAllKeys(storage, '')).toEqual(before);
  });
});
