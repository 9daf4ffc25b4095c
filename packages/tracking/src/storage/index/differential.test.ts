import { uuidv7 } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { describe, expect, it } from 'vitest';
import type { BackendSearchRequest, RunsPage, ViewType } from '../../backend.ts';
import type { Run } from '../../schemas/run.ts';
import { searchInMemory } from '../../search/search.ts';
import { storageBackend } from '../storage-backend.ts';

/** mulberry32: a small seeded generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

const PARAM_KEYS = ['lr', 'model', 'seed', '__proto__', 'constructor', 'toString', 'a b'];
const PARAM_VALUES = [
  '0.1',
  '0.01',
  'mlp',
  'MLP',
  'gbm',
  'a%b',
  'line1\nline2',
  'émoji 🙂',
  '\ud800lone',
  '',
];
const METRIC_KEYS = ['acc', 'loss', 'f1', 'constructor', '__proto__'];
const METRIC_VALUES = [0, 0.5, 1, -1, 0.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const TAG_KEYS = ['team', 'note', 'toString'];
const TAG_VALUES = ['risk', 'Risk', 'growth', 'x_y', ''];
const STATUSES = ['running', 'finished', 'failed', 'killed'] as const;
const EXPERIMENTS = ['e1', 'e2'];

function randomMap<T>(rng: Random, keys: readonly string[], value: () => T): Record<string, T> {
  const map: Record<string, T> = Object.create(null);
  for (const key of keys) if (rng.chance(0.6)) map[key] = value();
  return map;
}

function randomRun(rng: Random): Run {
  const id = uuidv7();
  const run: Run = {
    id,
    experimentId: rng.pick(EXPERIMENTS),
    name: rng.chance(0.3) ? 'same-name' : `run-${rng.int(40)}`,
    status: rng.pick(STATUSES),
    lifecycle: rng.chance(0.8) ? 'active' : 'deleted',
    startTime: 1000 + rng.int(12),
    heartbeatAt: 2000 + rng.int(5000),
    artifactPrefix: rng.chance(0.8) ? `tracking/runs/${id}/artifacts` : `s3://custom/${rng.int(5)}`,
    params: randomMap(rng, PARAM_KEYS, () =>
      rng.chance(0.3) ? `u${rng.int(100000)}` : rng.pick(PARAM_VALUES),
    ),
    metrics: randomMap(rng, METRIC_KEYS, () => ({
      value: rng.chance(0.2) ? rng.next() : rng.pick(METRIC_VALUES),
      step: rng.int(3),
      timestamp: 1_700_000_000_000 + rng.int(1_000_000),
    })),
    tags: randomMap(rng, TAG_KEYS, () => rng.pick(TAG_VALUES)),
    inputs: rng.chance(0.2)
      ? [
          {
            dataset: { name: rng.pick(['iris', 'wine']), digest: 'abc' },
            context: rng.pick(['training', 'eval']),
          },
        ]
      : [],
  };
  if (rng.chance(0.5)) run.endTime = 1020 + rng.int(10);
  if (rng.chance(0.7)) run.user = rng.pick(['u1', 'u2', '']);
  if (rng.chance(0.1)) run.parentRunId = 'parent';
  return run;
}

const quote = (key: string) => (/^\w+$/.test(key) ? key : `\`${key}\``);
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

function randomClause(rng: Random, ids: readonly string[]): string {
  const stringOps = (): string => {
    const op = rng.pick(['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL']);
    if (op.startsWith('IS')) return op;
    const value = op.endsWith('LIKE')
      ? rng.pick(['%', 'm%', '%b', '_', '%l_%', 'ri%', '%🙂', 'a\\%b'])
      : rng.pick([...PARAM_VALUES, ...TAG_VALUES]);
    return `${op} ${literal(value)}`;
  };
  switch (rng.int(7)) {
    case 0:
    case 1:
      return `metrics.${quote(rng.pick(METRIC_KEYS))} ${rng.pick(['=', '!=', '<', '<=', '>', '>='])} ${rng.pick([0, 0.5, 1, -1, 0.25])}`;
    case 2:
      return `params.${quote(rng.pick(PARAM_KEYS))} ${stringOps()}`;
    case 3:
      return `tags.${quote(rng.pick(TAG_KEYS))} ${stringOps()}`;
    case 4:
      return rng.pick([
        "attributes.status = 'FINISHED'",
        "attributes.status != 'running'",
        "attributes.status IN ('FINISHED', 'KILLED')",
        "attributes.status NOT IN ('FAILED')",
        "attributes.run_name LIKE 'run-1%'",
        "attributes.run_name = 'same-name'",
        "attributes.user_id = 'u1'",
        "attributes.user_id = ''",
        "attributes.artifact_uri LIKE 's3://%'",
        "attributes.artifact_uri LIKE '%artifacts'",
      ]);
    case 5:
      return rng.pick([
        `attributes.start_time ${rng.pick(['>', '<=', '='])} ${1000 + rng.int(12)}`,
        `attributes.end_time ${rng.pick(['>', '<', '!='])} ${1020 + rng.int(10)}`,
        `attributes.run_id IN (${[rng.pick(ids), rng.pick(ids), 'nope'].map(literal).join(', ')})`,
      ]);
    default:
      return rng.pick([
        "datasets.context = 'training'",
        "datasets.name IN ('iris')",
        "datasets.digest LIKE 'a%'",
      ]);
  }
}

function randomOrder(rng: Random): string[] {
  const keys = [
    () => `metrics.${quote(rng.pick(METRIC_KEYS))}`,
    () => `params.${quote(rng.pick(PARAM_KEYS))}`,
    () => `tags.${quote(rng.pick(TAG_KEYS))}`,
    () =>
      `attributes.${rng.pick(['start_time', 'end_time', 'run_name', 'status', 'run_id', 'user_id', 'artifact_uri'])}`,
  ];
  return Array.from({ length: rng.int(3) }, () => `${rng.pick(keys)()}${rng.pick(['', ' ASC', ' DESC'])}`);
}

describe('columnar search index against a brute-force scan of the run documents', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the same pages and page tokens for random runs, updates, filters and orders (seed ${seed})`, async () => {
      const rng = random(seed);
      const storage = memoryStorage();
      // Two backends on one store behave as two processes: each merges the other's writes by reading them.
      const writers = [
        storageBackend({ storage, compactAfter: 4 }),
        storageBackend({ storage, compactAfter: 7 }),
      ];
      const searcher = storageBackend({ storage, compactAfter: 5 });
      const ids: string[] = [];
      let compared = 0;
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 40; i++) {
          const run = randomRun(rng);
          await rng.pick(writers).createRun(run);
          ids.push(run.id);
        }
        for (let i = 0; i < 30; i++) {
          const id = rng.pick(ids);
          const fresh = randomRun(rng);
          await rng.pick(writers).updateRun(id, (current) => {
            switch (rng.int(4)) {
              case 0:
                return { ...current, metrics: fresh.metrics, status: fresh.status };
              case 1:
                return { ...current, params: fresh.params, name: fresh.name };
              case 2:
                return { ...current, lifecycle: current.lifecycle === 'active' ? 'deleted' : 'active' };
              default:
                return {
                  ...current,
                  tags: fresh.tags,
                  inputs: fresh.inputs,
                  endTime: fresh.endTime,
                  artifactPrefix: fresh.artifactPrefix,
                };
            }
          });
        }
        if (round % 2 === 1) await searcher.compactIndex(rng.pick(EXPERIMENTS));
        const documents = (await Promise.all(ids.map((id) => searcher.getRun(id)))).map((run) => run!);
        for (let q = 0; q < 15; q++) {
          const experimentIds = rng.chance(0.5) ? [...EXPERIMENTS] : [rng.pick(EXPERIMENTS)];
          const request: BackendSearchRequest = {
            experimentIds,
            filter: Array.from({ length: rng.int(4) }, () => randomClause(rng, ids)).join(' and '),
            orderBy: randomOrder(rng),
            maxResults: 1 + rng.int(40),
            viewType: rng.pick<ViewType>(['active', 'deleted', 'all']),
          };
          const scope = documents.filter((run) => experimentIds.includes(run.experimentId));
          for (let page = 0; page < 8; page++) {
            const actual: RunsPage = await searcher.searchRuns(request);
            const expected = searchInMemory(scope, request);
            expect(actual.runs, JSON.stringify(request)).toEqual(expected.runs);
            expect(actual.nextPageToken).toBe(expected.nextPageToken);
            compared += actual.runs.length;
            if (!expected.nextPageToken) break;
            request.pageToken = expected.nextPageToken;
          }
        }
      }
      await Promise.all([...writers, searcher].map((backend) => backend.close?.()));
      // The queries returned runs, not just empty pages that agree trivially.
      expect(compared).toBeGreaterThan(300);
    });
  }
});
