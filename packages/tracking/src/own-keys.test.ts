import { describe, expect, it } from 'vitest';
import { codeOf, setup } from '../test/setup.ts';
import { createTracker } from './tracker.ts';

/** An object whose own keys are exactly these names (`{ __proto__: … }` as a literal would set the prototype). */
function named<V>(entries: Array<[string, V]>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true });
  return out;
}

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('names that are Object.prototype members are ordinary names', () => {
  it('logParams({ toString: "x" }) is stored, not a conflict with Object.prototype.toString', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    await run.logParams({ toString: 'x' });
    await run.logParams({ toString: 'x' }); // the same value again is fine
    expect(await codeOf(run.logParams({ toString: 'y' }))).toBe('PLINTH_CONFLICT');
    const stored = await tracker.getRun(run.id);
    expect(Object.hasOwn(stored.params, 'toString')).toBe(true);
    expect(stored.params.toString).toBe('x');
  });

  it('__proto__, constructor and friends round-trip as params, tags and metrics', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({ tags: named([['__proto__', 'start-tag']]) });
    await run.logParams(named(NAMES.map((name, i) => [name, `p${i}`])));
    await run.setTags(named(NAMES.map((name, i) => [name, `t${i}`])));
    run.logMetrics(named(NAMES.map((name, i) => [name, i])), { step: 1 });
    run.logMetric('constructor', 42, { step: 2 });
    await run.end();

    const stored = await tracker.getRun(run.id);
    for (const [i, name] of NAMES.entries()) {
      expect(Object.hasOwn(stored.params, name), name).toBe(true);
      expect(Object.getOwnPropertyDescriptor(stored.params, name)?.value).toBe(`p${i}`);
      expect(Object.getOwnPropertyDescriptor(stored.tags, name)?.value).toBe(`t${i}`);
      const metric = Object.getOwnPropertyDescriptor(stored.metrics, name)?.value;
      expect(metric?.value, name).toBe(name === 'constructor' ? 42 : i);
    }
    expect(Object.keys(stored.params).sort()).toEqual([...NAMES].sort());
    // Reading a name that was never logged finds nothing, not an inherited member.
    const other = await tracker.startRun({});
    await other.end();
    const bare = await tracker.getRun(other.id);
    expect(Object.hasOwn(bare.params, 'toString')).toBe(false);
    expect(bare.params.toString).toBeUndefined();
    expect(bare.metrics.constructor).toBeUndefined();
    expect((await tracker.getMetricHistory(run.id, '__proto__')).map((point) => point.value)).toEqual([0]);
    expect((await tracker.getMetricHistory(run.id, 'constructor')).map((point) => point.value)).toEqual([
      1, 42,
    ]);
  });

  it('logMetric("constructor", …) shows in getRun().metrics', async () => {
    const { tracker } = setup();
    const run = await tracker.startRun({});
    run.logMetric('constructor', 0.5);
    await run.flush();
    expect(Object.keys((await tracker.getRun(run.id)).metrics)).toEqual(['constructor']);
  });

  it('survive a new tracker reading the same storage, and experiment tags too', async () => {
    const { tracker, storage } = setup();
    const run = await tracker.startRun({ experiment: 'names' });
    await run.logParams(named([['__proto__', 'p']]));
    await run.end();
    await tracker.setExperimentTags('names', named([['__proto__', 'e']]));
    await tracker.close();
    const fresh = createTracker({ storage, systemTags: false, heartbeatMs: 0, exitHandler: false });
    const stored = await fresh.getRun(run.id);
    expect(Object.getOwnPropertyDescriptor(stored.params, '__proto__')?.value).toBe('p');
    const experiment = await fresh.getExperiment('names');
    expect(Object.getOwnPropertyDescriptor(experiment.tags, '__proto__')?.value).toBe('e');
    const found = await fresh.searchRuns({ experiments: ['names'] });
    expect(Object.getOwnPropertyDescriptor(found.runs[0]!.params, '__proto__')?.value).toBe('p');
  });
});
