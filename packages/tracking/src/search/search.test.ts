import { listAllKeys, PlinthError } from '@plinth/core';
import { MAX_FILTER_LENGTH } from '@plinth/core/filter';
import { memoryStorage } from '@plinth/core/memory';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuMs } from '../../../core/test/cpu-time.ts';
import { createTracker, type Tracker } from '../index.ts';

/**
 * Hang detector, not a speed test: the CPU time of a call (so other processes on a loaded machine do not
 * count), and a call counts as slow only if three tries all exceed the bound.
 */
const HANG_MS = 100;

async function rejection(promise: Promise<unknown>): Promise<PlinthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (PlinthError.is(error, 'PLINTH_VALIDATION')) return error;
  throw new Error(`expected PLINTH_VALIDATION, got ${String(error)}`);
}

const storage = memoryStorage();
let tracker: Tracker;

const names = async (filter: string) =>
  (await tracker.searchRuns({ experiments: ['s'], filter })).runs.map((run) => run.name).sort();

beforeAll(async () => {
  tracker = createTracker({ storage, systemTags: false, user: 'alice' });
  await tracker.createExperiment('s');
  const plain = await tracker.startRun({ experiment: 's', name: 'plain' });
  await plain.logParams({ lr: '0.1' });
  await plain.setTags({ team: 'risk' });
  plain.logMetric('acc', 0.5);
  await plain.end();
  const proto = await tracker.startRun({ experiment: 's', name: 'proto' });
  await proto.logParams({ toString: 'x', ['__proto__']: 'p' });
  await proto.setTags({ constructor: 'function Object() { [native code] }' });
  proto.logMetric('constructor', 2);
  await proto.end();
  const long = await tracker.startRun({ experiment: 's', name: 'long' });
  await long.logParams({ p: 'a'.repeat(6000) });
  await long.setTags({
    t: 'a'.repeat(8000),
    two: 'a'.repeat(2000),
    n: 'line1\nline2',
    e: '😀',
    path: 'C:\\temp',
  });
  await long.end();
});

describe('searchRuns through the shared filter engine', () => {
  it('reads user-named keys as own keys only (toString, constructor, __proto__ are names)', async () => {
    expect(await names('params.toString IS NOT NULL')).toEqual(['proto']);
    expect(await names('params.toString IS NULL')).toEqual(['long', 'plain']);
    expect(await names("tags.constructor LIKE '%native code%'")).toEqual(['proto']);
    expect(await names("params.__proto__ = 'p'")).toEqual(['proto']);
    expect(await names('metrics.constructor = 2')).toEqual(['proto']);
    expect(await names('metrics.toString >= 0')).toEqual([]);
  });

  it('matches newlines, emoji and backslashes the same way as the registry', async () => {
    expect(await names("tags.n LIKE 'line1%'")).toEqual(['long']);
    expect(await names("tags.n LIKE 'line1_line2'")).toEqual(['long']);
    expect(await names("tags.e LIKE '_'")).toEqual(['long']);
    expect(await names("tags.path LIKE '%\\'")).toEqual([]);
    expect(await names("tags.path LIKE '%\\%%'")).toEqual(['long']);
    expect(await names("tags.team LIKE '%\\%%'")).toEqual([]);
    expect(await names("tags.path = 'C:\\temp'")).toEqual(['long']);
  });

  it('reads MLflow backticked entity types and the Run name alias', async () => {
    expect(await names('`metrics`.`acc` < 0.6')).toEqual(['plain']);
    expect(await names("attributes.`Run name` = 'plain'")).toEqual(['plain']);
    expect(await names("`attributes`.`run name` ILIKE 'PRO%'")).toEqual(['proto']);
  });

  it('gives PLINTH_VALIDATION naming the argument for a non-string filter or orderBy', async () => {
    for (const filter of [123, null, { a: 1 }, ['x']]) {
      const error = await rejection(tracker.searchRuns({ filter } as never));
      expect(error.message).toMatch(/filter/);
    }
    for (const orderBy of [123, null, { a: 1 }, [1]]) {
      const error = await rejection(tracker.searchRuns({ orderBy } as never));
      expect(error.message).toMatch(/orderBy/);
    }
  });

  it('takes orderBy as a string or an array of strings', async () => {
    const order = async (orderBy: string | string[]) =>
      (await tracker.searchRuns({ experiments: ['s'], orderBy })).runs.map((run) => run.name);
    expect(await order('metrics.acc DESC')).toEqual(await order(['metrics.acc DESC']));
    expect((await order('metrics.acc'))[0]).toBe('plain');
    expect(await order('attributes.run_name DESC, metrics.acc')).toEqual(['proto', 'plain', 'long']);
  });

  it('answers the ReDoS repros of issue 9 correctly and quickly, or with a coded error', async () => {
    const cases: Array<[string, string[]]> = [
      ["tags.two LIKE '%a%a%b'", []],
      ["tags.t LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%b'", []],
      ["tags.t ILIKE '%A%A%A%A%A%A%B'", []],
      ["params.p LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%b'", []],
      ["params.p ILIKE '%A%A%A%A%A%A%B'", []],
      ["tags.t ILIKE '%A%A%A%A%A%A%'", ['long']],
      [`tags.t LIKE '${'%a'.repeat(16_384)}'`, []],
      [`tags.t LIKE '${'_'.repeat(50_000)}'`, []],
      [`tags.t LIKE '${'_'.repeat(8000)}'`, ['long']],
      [`tags.t LIKE '%${'a'.repeat(3999)}_b%'`, []],
    ];
    for (const [filter, expected] of cases) {
      expect(await names(filter), filter.slice(0, 40)).toEqual(expected);
      expect(await cpuMs(() => names(filter), HANG_MS), filter.slice(0, 40)).toBeLessThan(HANG_MS);
    }
    const huge = `tags.t LIKE '${'%a'.repeat(500_000)}'`;
    const error = await rejection(names(huge));
    expect(error.message).toContain(`the limit is ${MAX_FILTER_LENGTH}`);
    expect(await cpuMs(() => names(huge), HANG_MS)).toBeLessThan(HANG_MS);
  });
});

const FIELDS = [
  'metrics.acc',
  'metrics.`f1 score`',
  '`metrics`.`acc`',
  'params.lr',
  'params.toString',
  'tags.t',
  'tags.constructor',
  'attributes.status',
  'attributes.`Run name`',
  'run_name',
  'start_time',
  'datasets.name',
  'nope.x',
  '`tags`',
];
const OPERATORS = [
  '=',
  '!=',
  '<',
  '>=',
  'LIKE',
  'ILIKE',
  'IN',
  'NOT IN',
  'IS NULL',
  'IS NOT NULL',
  '==',
  'OR',
];
const piece = fc.oneof(
  fc.constantFrom(...FIELDS, ...OPERATORS, 'and', 'AND', '(', ')', ',', "'", '"', '`', '\\', '%', '_', ' '),
  fc.string({ maxLength: 8 }).map((text) => `'${text.replaceAll("'", "''")}'`),
  fc.double().map(String),
  fc.string({ maxLength: 6, unit: 'binary' }),
);
const clause = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPERATORS), piece)
  .map((parts) => parts.join(' '));
/** Filters of every size up to 100 KB: grammar-shaped clauses, random pieces, and long repetitions. */
const filterText = fc.oneof(
  fc.array(clause, { maxLength: 6 }).map((clauses) => clauses.join(' and ')),
  fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(' ')),
  fc
    .tuple(
      fc.constantFrom('tags.t LIKE ', 'tags.t ILIKE ', 'params.p LIKE ', "tags.t = 'x' and "),
      piece,
      fc.integer({ min: 1, max: 100_000 }),
    )
    .map(([head, body, size]) => {
      const repeated = body.repeat(Math.max(1, Math.floor(size / Math.max(1, body.length))));
      return `${head}'${repeated.replaceAll("'", "''")}'`.slice(0, 100_000 + head.length);
    }),
);

describe('fuzz: searchRuns over random filters', () => {
  it('throws only PlinthErrors, writes nothing, and no call hangs (seeded; PLINTH_FUZZ_RUNS for more)', async () => {
    const before = await listAllKeys(storage, '');
    await fc.assert(
      fc.asyncProperty(filterText, async (filter) => {
        const outcome = await tracker.searchRuns({ experiments: ['s'], filter }).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) expect(PlinthError.is(outcome), String(outcome)).toBe(true);
        expect(await cpuMs(() => tracker.searchRuns({ experiments: ['s'], filter }), HANG_MS)).toBeLessThan(
          HANG_MS,
        );
      }),
      { seed: 9, numRuns: Number(process.env.PLINTH_FUZZ_RUNS ?? 300) },
    );
    expect(await listAllKeys(storage, '')).toEqual(before);
  });
});
