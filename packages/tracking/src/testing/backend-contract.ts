import { PlinthError, uuidv7 } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRun, TrackingBackend } from '../backend.ts';
import type { MetricColumns } from '../metrics/codec.ts';
import type { Experiment } from '../schemas/experiment.ts';

/**
 * Stable names of the contract's cases. A backend that cannot express one (a remote server without
 * compare-and-set on experiments, say) lists it in `skip`; names never change once published.
 */
export const TRACKING_BACKEND_CASES = [
  'experiment names are unique',
  'experiment rename reserves the new name',
  'experiment update is read-modify-write',
  'run create and read',
  'run update is read-modify-write',
  'concurrent run updates lose nothing',
  'own keys round-trip',
  'invalid run documents are refused',
  'missing runs',
  'metric history in write order, bit for bit',
  'metric keys with slashes, spaces and colons',
  'artifacts from bytes and streams',
  'a failing artifact stream stores nothing',
  'search sees every run, filtered, ordered and paged',
] as const;

/** One case of {@link trackingBackendContract}. */
export type TrackingBackendCase = (typeof TRACKING_BACKEND_CASES)[number];

/** Options of {@link trackingBackendContract}. */
export interface TrackingBackendContractOptions {
  /** Suite name, e.g. `storageBackend(fsStorage)`. */
  name: string;
  /** Makes a fresh, empty backend. Called once for the suite. */
  create: () => TrackingBackend | Promise<TrackingBackend>;
  /** Removes what `create` made (temp directories, server state). */
  destroy?: (backend: TrackingBackend) => void | Promise<void>;
  /** Cases this backend cannot express, by name; they are not run. @default [] */
  skip?: readonly TrackingBackendCase[];
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(PlinthError.is(error), `expected a PlinthError, got ${String(error)}`).toBe(true);
    expect((error as PlinthError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

/** An object whose own keys are exactly these (a `{ __proto__: … }` literal would set the prototype). */
function named<V>(entries: Array<[string, V]>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true });
  return out;
}

const empty = () => Object.create(null) as Record<string, never>;

function newExperiment(name: string): Experiment {
  return { id: uuidv7(), name, tags: empty(), lifecycle: 'active', createdAt: 1000, updatedAt: 1000 };
}

function newRun(experimentId: string, fields: Partial<NewRun> = {}): NewRun {
  return {
    id: uuidv7(),
    experimentId,
    name: 'run',
    status: 'running',
    lifecycle: 'active',
    startTime: 1000,
    heartbeatAt: 1000,
    params: empty(),
    metrics: empty(),
    tags: empty(),
    inputs: [],
    ...fields,
  };
}

function columns(values: number[], steps: number[], timestamps: number[]): MetricColumns {
  return {
    values: new Float64Array(values),
    steps: new Float64Array(steps),
    timestamps: new Float64Array(timestamps),
  };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/**
 * The contract every `TrackingBackend` meets: unique experiment names, read-modify-write documents that
 * lose no concurrent update, own-key maps, refused invalid documents, metric histories in write order and
 * bit for bit, artifacts from bytes and streams (a failing stream stores nothing), and a search that sees
 * every written run. Call it inside a test file.
 *
 * @example
 * ```ts
 * trackingBackendContract({ name: 'storageBackend(memory)', create: () => storageBackend({ storage: memoryStorage() }) });
 * ```
 */
export function trackingBackendContract(options: TrackingBackendContractOptions): void {
  const skipped = new Set<string>(options.skip ?? []);
  const test = (name: TrackingBackendCase, body: () => Promise<void>) => {
    if (!skipped.has(name)) it(name, body);
  };

  describe(`tracking backend contract: ${options.name}`, () => {
    let backend: TrackingBackend;
    let experiment: Experiment;
    beforeAll(async () => {
      backend = await options.create();
      experiment = await backend.createExperiment(newExperiment(`contract-${uuidv7().slice(-12)}`));
    });
    afterAll(async () => {
      await backend.close?.();
      await options.destroy?.(backend);
    });

    test('experiment names are unique', async () => {
      const created = await backend.createExperiment(newExperiment('unique-a'));
      await expectCode(backend.createExperiment(newExperiment('unique-a')), 'PLINTH_CONFLICT');
      expect((await backend.getExperiment(created.id))?.name).toBe('unique-a');
      expect((await backend.getExperimentByName('unique-a'))?.id).toBe(created.id);
      expect(await backend.getExperimentByName('unique-missing')).toBeUndefined();
      await backend.createExperiment(newExperiment('unique-0'));
      const names = (await backend.listExperiments()).map((found) => found.name);
      expect(names.filter((name) => name.startsWith('unique-'))).toEqual(['unique-0', 'unique-a']);
    });

    test('experiment rename reserves the new name', async () => {
      const first = await backend.createExperiment(newExperiment('rename-a'));
      await backend.createExperiment(newExperiment('rename-taken'));
      await expectCode(backend.renameExperiment(first.id, 'rename-taken', 2000), 'PLINTH_CONFLICT');
      const renamed = await backend.renameExperiment(first.id, 'rename-b', 2000);
      expect(renamed).toMatchObject({ id: first.id, name: 'rename-b', updatedAt: 2000 });
      expect(await backend.getExperimentByName('rename-a')).toBeUndefined();
      const again = await backend.createExperiment(newExperiment('rename-a'));
      expect(again.id).not.toBe(first.id);
    });

    test('experiment update is read-modify-write', async () => {
      const created = await backend.createExperiment(newExperiment('update-a'));
      const updated = await backend.updateExperiment(created.id, (current) => ({
        ...current,
        tags: named([['owner', 'ana']]),
      }));
      expect(updated.tags.owner).toBe('ana');
      expect((await backend.updateExperiment(created.id, () => undefined)).tags.owner).toBe('ana');
      await expectCode(
        backend.updateExperiment(uuidv7(), (current) => current),
        'PLINTH_NOT_FOUND',
      );
    });

    test('run create and read', async () => {
      const fields = newRun(experiment.id, { name: 'create', user: 'ana' });
      const run = await backend.createRun(fields);
      expect(typeof run.artifactPrefix).toBe('string');
      expect(run).toMatchObject({ ...fields, params: {}, metrics: {}, tags: {} });
      expect(await backend.getRun(run.id)).toEqual(run);
    });

    test('run update is read-modify-write', async () => {
      const run = await backend.createRun(newRun(experiment.id));
      const ended = await backend.updateRun(run.id, (current) => ({
        ...current,
        status: 'finished',
        endTime: 5000,
      }));
      expect(ended).toMatchObject({ status: 'finished', endTime: 5000 });
      expect(await backend.updateRun(run.id, () => undefined)).toEqual(ended);
      expect(await backend.getRun(run.id)).toEqual(ended);
    });

    test('concurrent run updates lose nothing', async () => {
      const run = await backend.createRun(newRun(experiment.id));
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          backend.updateRun(run.id, (current) => {
            const params = Object.assign(empty(), current.params) as Record<string, string>;
            params[`p${i}`] = String(i);
            return { ...current, params };
          }),
        ),
      );
      const stored = await backend.getRun(run.id);
      expect(Object.keys(stored!.params).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `p${i}`));
    });

    test('own keys round-trip', async () => {
      const names = ['__proto__', 'constructor', 'toString'];
      const run = await backend.createRun(
        newRun(experiment.id, {
          params: named(names.map((name) => [name, `p-${name}`])),
          tags: named(names.map((name) => [name, `t-${name}`])),
          metrics: named(names.map((name, i) => [name, { value: i, step: 0, timestamp: 1 }])),
        }),
      );
      const stored = (await backend.getRun(run.id))!;
      for (const [i, name] of names.entries()) {
        expect(Object.getOwnPropertyDescriptor(stored.params, name)?.value).toBe(`p-${name}`);
        expect(Object.getOwnPropertyDescriptor(stored.tags, name)?.value).toBe(`t-${name}`);
        expect(Object.getOwnPropertyDescriptor(stored.metrics, name)?.value?.value).toBe(i);
      }
      expect(Object.keys(stored.params).sort()).toEqual([...names].sort());
    });

    test('invalid run documents are refused', async () => {
      const fields = newRun(experiment.id, { user: 123 as never });
      await expectCode(backend.createRun(fields), 'PLINTH_VALIDATION');
      expect(await backend.getRun(fields.id)).toBeUndefined();
      const run = await backend.createRun(newRun(experiment.id));
      await expectCode(
        backend.updateRun(run.id, (current) => ({ ...current, startTime: 'soon' as never })),
        'PLINTH_VALIDATION',
      );
      expect(await backend.getRun(run.id)).toEqual(run);
    });

    test('missing runs', async () => {
      const id = uuidv7();
      expect(await backend.getRun(id)).toBeUndefined();
      await expectCode(
        backend.updateRun(id, (current) => current),
        'PLINTH_NOT_FOUND',
      );
    });

    test('metric history in write order, bit for bit', async () => {
      const run = await backend.createRun(newRun(experiment.id));
      await backend.writeMetrics(run.id, [
        { key: 'loss', columns: columns([Number.NaN, -0, 3], [0, 1, 2], [10, 11, 12]), count: 2 },
      ]);
      await backend.writeMetrics(run.id, [
        {
          key: 'loss',
          columns: columns([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], [5, 4], [20, 21]),
          count: 2,
        },
        { key: 'acc', columns: columns([0.5], [0], [30]), count: 1 },
      ]);
      const history = await backend.readMetricHistory(run.id, 'loss');
      expect(Array.from(history.values)).toEqual([
        Number.NaN,
        -0,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
      expect(Object.is(history.values[1], -0)).toBe(true);
      expect(Array.from(history.steps)).toEqual([0, 1, 5, 4]);
      expect(Array.from(history.timestamps)).toEqual([10, 11, 20, 21]);
      expect(Array.from((await backend.readMetricHistory(run.id, 'acc')).values)).toEqual([0.5]);
      expect((await backend.readMetricHistory(run.id, 'never')).values.length).toBe(0);
    });

    test('metric keys with slashes, spaces and colons', async () => {
      const run = await backend.createRun(newRun(experiment.id));
      const keys = ['val/loss: top 1', 'val/loss', 'val'];
      await backend.writeMetrics(
        run.id,
        keys.map((key, i) => ({ key, columns: columns([i], [0], [1]), count: 1 })),
      );
      for (const [i, key] of keys.entries()) {
        expect(Array.from((await backend.readMetricHistory(run.id, key)).values), key).toEqual([i]);
      }
    });

    test('artifacts from bytes and streams', async () => {
      const run = await backend.createRun(newRun(experiment.id));
      const bytes = new TextEncoder().encode('hello');
      expect(await backend.putArtifact(run.id, 'a/one.txt', bytes)).toEqual({ path: 'a/one.txt', size: 5 });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('str'));
          controller.enqueue(new TextEncoder().encode('eam'));
          controller.close();
        },
      });
      expect(await backend.putArtifact(run.id, 'a/b/two.txt', stream)).toEqual({
        path: 'a/b/two.txt',
        size: 6,
      });
      await backend.putArtifact(run.id, 'top.txt', new Uint8Array(0));
      expect(await readAll((await backend.getArtifact(run.id, 'a/one.txt'))!)).toBe('hello');
      expect(await readAll((await backend.getArtifact(run.id, 'a/b/two.txt'))!)).toBe('stream');
      expect(await backend.getArtifact(run.id, 'missing.txt')).toBeUndefined();
      expect((await backend.listArtifacts(run.id)).map((info) => info.path)).toEqual([
        'a/b/two.txt',
        'a/one.txt',
        'top.txt',
      ]);
      expect(await backend.listArtifacts(run.id, 'a/b')).toEqual([{ path: 'a/b/two.txt', size: 6 }]);
    });

    test('a failing artifact stream stores nothing', async () => {
      const run = await backend.createRun(newRun(experiment.id));
      const failure = new Error('source failed');
      async function* failing() {
        yield new TextEncoder().encode('partial');
        throw failure;
      }
      await expect(backend.putArtifact(run.id, 'broken.bin', failing())).rejects.toThrow();
      expect(await backend.getArtifact(run.id, 'broken.bin')).toBeUndefined();
      expect(await backend.listArtifacts(run.id)).toEqual([]);
    });

    test('search sees every run, filtered, ordered and paged', async () => {
      const own = await backend.createExperiment(newExperiment(`search-${uuidv7().slice(-12)}`));
      const created = [];
      for (let i = 0; i < 5; i++) {
        const run = await backend.createRun(
          newRun(own.id, {
            name: `r${i}`,
            startTime: 1000 + i,
            params: named([['group', i % 2 ? 'odd' : 'even']]),
          }),
        );
        created.push(run);
      }
      await backend.updateRun(created[4]!.id, (current) => ({ ...current, lifecycle: 'deleted' }));
      const request = {
        experimentIds: [own.id],
        filter: '',
        orderBy: [],
        maxResults: 2,
        viewType: 'active' as const,
      };
      const first = await backend.searchRuns(request);
      expect(first.runs.map((run) => run.name)).toEqual(['r3', 'r2']);
      const second = await backend.searchRuns({ ...request, pageToken: first.nextPageToken });
      expect(second.runs.map((run) => run.name)).toEqual(['r1', 'r0']);
      expect(second.nextPageToken).toBeUndefined();
      const even = await backend.searchRuns({
        ...request,
        filter: "params.group = 'even'",
        orderBy: ['attributes.run_name ASC'],
        maxResults: 10,
        viewType: 'all',
      });
      expect(even.runs.map((run) => run.name)).toEqual(['r0', 'r2', 'r4']);
      const deleted = await backend.searchRuns({ ...request, viewType: 'deleted' });
      expect(deleted.runs.map((run) => run.name)).toEqual(['r4']);
    });
  });
}
