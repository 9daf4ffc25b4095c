import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRow } from '../src/data/runs.ts';
import { type Seeded, seedStore } from './seed.ts';

// The static export filters in the page with assets/filter.js; the live UI asks tracker.searchRuns. The two
// must agree: the tracker (with @plinth/core's filter engine) is the oracle here.
interface FilterModule {
  parseFilter(text: string): unknown[];
  matchFilter(run: unknown, clauses: unknown[]): boolean;
  compareRuns(orderBy: string[]): (a: { id: string }, b: { id: string }) => number;
}
let filter: FilterModule;
let seeded: Seeded;

beforeAll(async () => {
  filter = (await import(new URL('../assets/filter.js', import.meta.url).href)) as FilterModule;
  seeded = await seedStore({ runs: 24, steps: 5 });
});
afterAll(() => seeded.tracker.close());

const FILTERS = [
  "params.model = 'mlp'",
  "params.model != 'mlp'",
  'metrics.acc > 0.8',
  'metrics.acc >= 0.8 and metrics.loss < 0.5',
  "params.lr = '0.01'",
  "tags.team LIKE 'ri%'",
  "tags.team ILIKE 'GRO%'",
  "tags.team LIKE '_isk'",
  "attributes.status = 'FAILED'",
  "status = 'finished'",
  "run_name LIKE 'run-01%'",
  "attributes.run_name IN ('run-001', 'run-003')",
  "attributes.run_name NOT IN ('run-001', 'run-003')",
  'tags.missing IS NULL',
  'tags.team IS NOT NULL',
  "params.`model` = 'gbm' and metrics.`acc` <= 0.85",
  'metrics.nothing > 0',
];

describe('the static export filter agrees with tracker.searchRuns', () => {
  it.each(FILTERS)('%s', async (text) => {
    const { runs } = await seeded.tracker.searchRuns({
      experiments: ['fraud'],
      filter: text,
      maxResults: 1000,
    });
    const everything = (
      await seeded.tracker.searchRuns({ experiments: ['fraud'], maxResults: 1000 })
    ).runs.map(runRow);
    const clauses = filter.parseFilter(text);
    const mine = everything.filter((run) => filter.matchFilter(run, clauses));
    expect(mine.map((run) => run.name).sort()).toEqual(runs.map((run) => run.name).sort());
  });

  it.each([
    ['metrics.acc DESC'],
    ['metrics.acc ASC'],
    ['params.lr DESC'],
    ['attributes.run_name ASC'],
    ['attributes.start_time DESC'],
    ['tags.team ASC', 'metrics.loss DESC'],
  ])('orders like the tracker: %s', async (...orderBy) => {
    const { runs } = await seeded.tracker.searchRuns({ experiments: ['fraud'], orderBy, maxResults: 1000 });
    const rows = runs.map(runRow);
    const sorted = [...rows].sort(() => 0).sort(filter.compareRuns(orderBy));
    expect(sorted.map((run) => run.name)).toEqual(rows.map((run) => run.name));
  });

  it('reports filters it cannot read', () => {
    for (const bad of ['metrics.acc >', "metrics.acc = 'x'", 'nonsense.x = 1 or', 'unknown_attribute = 1']) {
      expect(() => filter.parseFilter(bad), bad).toThrow();
    }
  });
});
