import { PlinthError } from '@plinth/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { double, row } from './doubles.test-data.ts';

const model = double();
const base = { routes: [{ name: 'a', model, weight: 1 }] };

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return PlinthError.is(error) ? error.code : `not a PlinthError: ${String(error)}`;
  }
  return undefined;
}

describe('createDeployment rejects bad options before anything starts', () => {
  const cases: [string, unknown][] = [
    ['no options', undefined],
    ['null', null],
    ['no routes', { routes: [] }],
    ['negative weight', { routes: [{ name: 'a', model, weight: -1 }] }],
    ['NaN weight', { routes: [{ name: 'a', model, weight: Number.NaN }] }],
    ['infinite weight', { routes: [{ name: 'a', model, weight: Number.POSITIVE_INFINITY }] }],
    ['every weight 0', { routes: [{ name: 'a', model, weight: 0 }] }],
    [
      'duplicate names',
      {
        routes: [
          { name: 'a', model },
          { name: 'a', model },
        ],
      },
    ],
    ['route and shadow share a name', { ...base, shadow: [{ name: 'a', model }] }],
    ['__proto__ route', { routes: [{ name: '__proto__', model }] }],
    ['quotes and semicolons', { routes: [{ name: 'a";drop--', model }] }],
    ['huge name', { routes: [{ name: 'a'.repeat(100_000), model }] }],
    ['not a model', { routes: [{ name: 'a', model: { predict: 1 } }] }],
    ['unknown key', { ...base, colour: 'blue' }],
    ['unknown route key', { routes: [{ name: 'a', model, wieght: 1 }] }],
    ['shadow percent > 100', { ...base, shadow: [{ name: 's', model, percent: 101 }] }],
    ['unknown fallback route', { ...base, fallback: { route: 'b' } }],
    ['negative timeout', { ...base, fallback: { route: 'a', timeoutMs: -1 } }],
    ['unknown canary route', { ...base, canary: { route: 'b', holdRequests: 1 } }],
    [
      'canary without hold',
      {
        routes: [
          { name: 'a', model },
          { name: 'b', model },
        ],
        canary: { route: 'b' },
      },
    ],
    [
      'canary steps not increasing',
      {
        routes: [
          { name: 'a', model },
          { name: 'b', model },
        ],
        canary: { route: 'b', steps: [10, 5], holdMs: 1 },
      },
    ],
    [
      'canary with no other traffic',
      {
        routes: [
          { name: 'a', model, weight: 0 },
          { name: 'b', model },
        ],
        canary: { route: 'b', holdMs: 1 },
      },
    ],
    ['bad bandit', { ...base, bandit: { strategy: 'ucb' } }],
    ['bandit with sticky', { ...base, bandit: { strategy: 'thompson' }, stickyKey: () => 'k' }],
    ['stickyKey not a function', { ...base, stickyKey: 'userId' }],
    [
      'watch without alias',
      { ...base, watch: { registry: { watchAlias: () => () => {} }, uri: 'models:/fraud/3' } },
    ],
    ['watch without registry', { ...base, watch: { registry: {}, uri: 'models:/fraud@champion' } }],
    ['bad clock', { ...base, clock: Date }],
    ['bad batching', { ...base, batching: { maxBatchSize: 0 } }],
    ['batching maxConcurrency 0', { ...base, batching: { maxConcurrency: 0 } }],
    ['batching maxConcurrency not an integer', { ...base, batching: { maxConcurrency: 1.5 } }],
  ];
  for (const [label, options] of cases) {
    it(label, () => {
      expect(code(() => createDeployment(options as never))).toBe('PLINTH_VALIDATION');
    });
  }

  it('names the offending path', () => {
    try {
      createDeployment({
        routes: [
          { name: 'a', model },
          { name: 'a', model },
        ],
      });
    } catch (error) {
      expect((error as PlinthError).message).toContain('routes.1.name');
    }
  });

  it('random option objects never escape as anything but PLINTH_VALIDATION', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        const result = code(() => createDeployment(options as never));
        expect(result).toBe('PLINTH_VALIDATION');
      }),
      { numRuns: 300 },
    );
  });

  it('predict options, reward and on are checked too', async () => {
    const deployment = createDeployment(base);
    await expect(deployment.predict(row(), { route: '__proto__' })).rejects.toMatchObject({
      code: 'PLINTH_VALIDATION',
    });
    await expect(deployment.predict(row(), { signal: 'x' } as never)).rejects.toMatchObject({
      code: 'PLINTH_VALIDATION',
    });
    await expect(deployment.predict(row(), 5 as never)).rejects.toMatchObject({ code: 'PLINTH_VALIDATION' });
    expect(code(() => deployment.reward(5 as never, 1))).toBe('PLINTH_VALIDATION');
    expect(code(() => deployment.on('nope' as never, () => {}))).toBe('PLINTH_VALIDATION');
    expect(code(() => deployment.model('b'))).toBe('PLINTH_VALIDATION');
    await deployment.close();
    await expect(deployment.predict(row())).rejects.toMatchObject({ code: 'PLINTH_CLOSED' });
  });
});
