import { PlinthError } from '@plinth/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiHandler, exportStaticUi } from '../src/index.node.ts';
import { type Seeded, seedStore } from './seed.ts';

// Random routes, query strings, methods, headers and bodies: the handler always answers (never throws, never
// a 500), and nothing changes in a read-only UI. Bounded and seeded; PLINTH_FUZZ_RUNS=<n> runs longer.
const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 200);
const ROUTES = [
  '',
  'api/',
  'api/runs',
  'api/run',
  'api/metrics',
  'api/artifact/preview',
  'api/artifact/raw',
  'api/model',
  'api/version',
  'api/drift/report',
  'api/models',
  'api/experiments',
  'assets/',
  'api/run/rename',
  'api/alias',
  'api/run/tags',
];
const PARAMS = [
  'id',
  'run',
  'path',
  'name',
  'version',
  'index',
  'filter',
  'orderBy',
  'pageSize',
  'pageToken',
  'view',
  'points',
  'key',
  'experiment',
  '__proto__',
  'constructor',
];
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '..',
    '../..',
    '%2e%2e',
    '__proto__',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    "' or 1=1",
    '<script>',
    '\u0000',
    'a'.repeat(5000),
  ),
);

let seeded: Seeded;
beforeAll(async () => {
  seeded = await seedStore({ runs: 3, steps: 5 });
});
afterAll(() => seeded.tracker.close());

describe('fuzzing the handler', () => {
  it('answers every request without a 500, and a read-only UI changes nothing', async () => {
    const handler = createUiHandler({
      tracker: seeded.tracker,
      registry: seeded.registry,
      profiles: seeded.profiles,
    });
    const before = JSON.stringify(await seeded.tracker.searchRuns({ runViewType: 'all' }));
    const history = (await seeded.registry.history('fraud-scorer')).length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        nasty,
        fc.array(
          fc.tuple(
            fc.constantFrom(...PARAMS, ...seeded.runIds),
            fc.oneof(nasty, fc.constantFrom(...seeded.runIds)),
          ),
          { maxLength: 4 },
        ),
        fc.constantFrom('GET', 'POST', 'PUT', 'HEAD'),
        fc.option(fc.oneof(fc.json(), nasty), { nil: undefined }),
        async (route, suffix, params, method, body) => {
          const query = new URLSearchParams(params).toString();
          const request = new Request(`http://ui.test/${route}${encodeURIComponent(suffix)}?${query}`, {
            method,
            headers: { 'content-type': 'application/json', 'x-plinth-ui': '1' },
            ...(method === 'GET' || method === 'HEAD' || body === undefined ? {} : { body }),
          });
          const response = await handler(request);
          expect(response.status).toBeLessThan(500);
          await response.arrayBuffer();
        },
      ),
      { numRuns: RUNS, seed: 13 },
    );
    expect(JSON.stringify(await seeded.tracker.searchRuns({ runViewType: 'all' }))).toBe(before);
    expect((await seeded.registry.history('fraud-scorer')).length).toBe(history);
  });

  it('rejects malformed options of both entries with PLINTH_VALIDATION only', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (value, extra) => {
        const attempts = [
          () => createUiHandler(value as never),
          () => createUiHandler({ tracker: seeded.tracker, basePath: value, write: extra } as never),
          () => exportStaticUi({ tracker: value, to: extra } as never),
        ];
        for (const attempt of attempts) {
          try {
            await attempt();
          } catch (error) {
            expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
          }
        }
      }),
      { numRuns: RUNS, seed: 14 },
    );
  });
});
