import { manualClock } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatcher, loadModel, type Model, type ModelOutputs } from '../src/index.node.ts';
import { controlledModel, manualTimers, settleMicrotasks } from './controlled-model.ts';
import { brokenAtRunTimeModel, caught, expectClose } from './helpers.ts';
import { classifierForward, mlpForward } from './models/forward.ts';
import { classifierModel, mlpModel } from './models/models.ts';
import { randomFloats } from './models/onnx-builder.ts';

const built = mlpModel();
let mlp: Model;
beforeAll(async () => {
  mlp = await loadModel({ bytes: built.bytes });
});
afterAll(async () => {
  await mlp.dispose();
});
const row = (seed: number) => randomFloats(32, seed);

describe('createBatcher: merging and splitting', () => {
  it('256 concurrent single-row requests run as 4 batches of 64, each answer matching the forward pass', async () => {
    const batched = createBatcher(mlp, { maxBatchSize: 64, disposeModel: false });
    const rows = Array.from({ length: 256 }, (_, index) => row(1000 + index));
    const results = await Promise.all(rows.map((features) => batched.predict({ features })));
    results.forEach((result, index) => {
      expect(result.score!.dims).toEqual([1, 1]);
      expectClose(result.score!.data as Float32Array, mlpForward(built.weights, rows[index]!));
    });
    const stats = batched.stats();
    expect(stats).toMatchObject({
      requests: 256,
      rows: 256,
      batches: 4,
      completed: 256,
      failed: 0,
      queued: 0,
    });
    expect(stats.batchSize).toMatchObject({ count: 4, p50: 64, p99: 64, max: 64, mean: 64 });
    expect(stats.latencyMs.count).toBe(256);
    await batched.dispose();
  });

  it('multi-row requests stack along dim 0 and get their own rows back', async () => {
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, { maxBatchSize: 16 });
    const sizes = [3, 5, 1, 7];
    const inputs = sizes.map((rows, index) => randomFloats(rows * 32, 50 + index));
    const pending = inputs.map((features) => batched.predict({ features }));
    await control.waitForCalls(1);
    expect(control.calls.map((call) => call.rows)).toEqual([16]);
    control.calls[0]!.release();
    const results = await Promise.all(pending);
    results.forEach((result, index) => {
      expect(result.score!.dims).toEqual([sizes[index], 1]);
      expectClose(result.score!.data as Float32Array, mlpForward(built.weights, inputs[index]!));
    });
  });

  it('splits every output of a two-output classifier', async () => {
    const classifier = classifierModel();
    const batched = createBatcher(await loadModel({ bytes: classifier.bytes }), { maxBatchSize: 8 });
    const inputs = [randomFloats(4, 1), randomFloats(12, 2), randomFloats(8, 3)];
    const results = await Promise.all(inputs.map((x) => batched.predict({ x })));
    results.forEach((result, index) => {
      const expected = classifierForward(classifier.weights, inputs[index]!);
      expect([...(result.label!.data as BigInt64Array)].map(Number)).toEqual(expected.labels);
      expectClose(result.probabilities!.data as Float32Array, expected.probabilities.flat());
    });
    expect(batched.stats().batches).toBe(1);
    await batched.dispose();
  });

  it('keeps FIFO order: a batch never skips ahead of a request that does not fit', async () => {
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, { maxBatchSize: 4 });
    const order: number[] = [];
    const sizes = [3, 2, 1, 4, 1];
    const pending = sizes.map((rows, index) =>
      batched.predict({ features: randomFloats(rows * 32, index) }).then(() => order.push(index)),
    );
    for (let call = 0; call < 4; call++) {
      await control.waitForCalls(call + 1);
      control.calls[call]!.release();
    }
    await Promise.all(pending);
    expect(control.calls.map((call) => call.rows)).toEqual([3, 3, 4, 1]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('requests that cannot stack run alone; a failing one fails alone with PLINTH_INFERENCE', async () => {
    const model = await loadModel({ bytes: brokenAtRunTimeModel() });
    const batched = createBatcher(model, { maxBatchSize: 8 });
    const good = (rows: number) =>
      batched.predict({ x: { data: new Float32Array(rows * 3).fill(1), dims: [rows, 3] } });
    const bad = () => batched.predict({ x: { data: new Float32Array(4), dims: [2, 2] } });
    const results = await Promise.allSettled([good(1), good(2), bad(), good(1), good(20)]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(((results[2] as PromiseRejectedResult).reason as { code: string }).code).toBe('PLINTH_INFERENCE');
    expect((results[4] as PromiseFulfilledResult<ModelOutputs>).value.y!.dims).toEqual([20, 1]);
    // [1, 2] stack; the width-2 request, the next width-3 one and the 20-row one (over maxBatchSize) run alone
    expect(batched.stats().batchSize.count).toBe(4);
    await batched.dispose();
  });

  it('a merged run that fails is retried request by request, so only the bad request fails', async () => {
    const poison = (inputs: Record<string, unknown>) => {
      const data = (inputs.features as { data: Float32Array }).data;
      return data.some((value) => value === 666) ? new Error('poisoned row') : undefined;
    };
    const control = controlledModel(mlp, poison);
    const batched = createBatcher(control.model, { maxBatchSize: 8 });
    const poisoned = new Float32Array(32).fill(666);
    const pending = [
      batched.predict({ features: row(1) }),
      batched.predict({ features: poisoned }),
      batched.predict({ features: row(2) }),
    ];
    for (let call = 0; call < 4; call++) {
      await control.waitForCalls(call + 1);
      control.calls[call]!.release();
    }
    const results = await Promise.allSettled(pending);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(control.calls.map((call) => call.rows)).toEqual([3, 1, 1, 1]);
  });
});

describe('createBatcher: queue limits, timeouts, delays (manual clock and timers)', () => {
  it('a full queue refuses with PLINTH_OVERLOADED', async () => {
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, { maxQueueSize: 2, maxBatchSize: 1, maxConcurrency: 1 });
    const first = batched.predict({ features: row(1) });
    await control.waitForCalls(1);
    const queued = [batched.predict({ features: row(2) }), batched.predict({ features: row(3) })];
    const refused = await caught(batched.predict({ features: row(4) }));
    expect(refused.code).toBe('PLINTH_OVERLOADED');
    expect(refused.message).toMatch(/maxQueueSize 2/);
    expect(batched.stats()).toMatchObject({ queued: 2, inFlight: 1, overloaded: 1 });
    for (let call = 0; call < 3; call++) {
      await control.waitForCalls(call + 1);
      control.calls[call]!.release();
    }
    await Promise.all([first, ...queued]);
  });

  it('a request queued past queueTimeoutMs fails with PLINTH_TIMEOUT; the running one finishes', async () => {
    const clock = manualClock(1_000);
    const driver = manualTimers(clock);
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, {
      maxBatchSize: 1,
      maxConcurrency: 1,
      queueTimeoutMs: 100,
      clock,
      timers: driver.timers,
    });
    const running = batched.predict({ features: row(1) });
    await control.waitForCalls(1);
    const waiting = batched.predict({ features: row(2) });
    const outcome = caught(waiting);
    driver.advance(60);
    const later = batched.predict({ features: row(3) });
    driver.advance(40);
    const error = await outcome;
    expect(error.code).toBe('PLINTH_TIMEOUT');
    expect(error.message).toMatch(/queueTimeoutMs \(100 ms\)/);
    expect(batched.stats()).toMatchObject({ timedOut: 1, queued: 1 });
    control.calls[0]!.release();
    await running;
    await control.waitForCalls(2);
    control.calls[1]!.release();
    await later;
    expect(batched.stats()).toMatchObject({ completed: 2, failed: 1, timedOut: 1 });
    expect(batched.stats().queueWaitMs).toMatchObject({ count: 2, max: 40 });
  });

  it('maxQueueDelayMs holds a partial batch until the delay or a full batch', async () => {
    const clock = manualClock(0);
    const driver = manualTimers(clock);
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, {
      maxBatchSize: 4,
      maxQueueDelayMs: 10,
      clock,
      timers: driver.timers,
    });
    const first = batched.predict({ features: row(1) });
    await settleMicrotasks();
    expect(control.calls).toHaveLength(0);
    driver.advance(9);
    await settleMicrotasks();
    expect(control.calls).toHaveLength(0);
    driver.advance(1);
    await control.waitForCalls(1);
    expect(control.calls[0]!.rows).toBe(1);
    control.calls[0]!.release();
    await first;
    const full = [1, 2, 3, 4].map((seed) => batched.predict({ features: row(seed) }));
    await control.waitForCalls(2);
    expect(control.calls[1]!.rows).toBe(4);
    control.calls[1]!.release();
    await Promise.all(full);
    expect(batched.stats().latencyMs).toMatchObject({ count: 5, max: 10 });
  });

  it('full batches go ahead of the one default slot (4 per slot); a partial batch waits; a set maxConcurrency is a hard limit', async () => {
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, { maxBatchSize: 2 });
    // 11 rows queued in one tick: batches of 2, 2, 2, 2 go at once (1 slot + 3 ahead = 4 in flight), the rest waits
    const requests = Array.from({ length: 11 }, (_, seed) => batched.predict({ features: row(seed) }));
    await control.waitForCalls(4);
    await settleMicrotasks();
    expect(control.calls.map((call) => call.rows)).toEqual([2, 2, 2, 2]);
    expect(batched.stats()).toMatchObject({ inFlight: 4, queued: 3 });
    control.calls[0]!.release();
    // one batch done: 3 rows queued hold a full batch of 2, which goes; the last row waits (partial, 4 in flight)
    await control.waitForCalls(5);
    await settleMicrotasks();
    expect(control.calls.map((call) => call.rows)).toEqual([2, 2, 2, 2, 2]);
    expect(batched.stats()).toMatchObject({ inFlight: 4, queued: 1 });
    for (const call of control.calls.slice(1)) call.release();
    await control.waitForCalls(6);
    expect(control.calls[5]!.rows).toBe(1);
    control.calls[5]!.release();
    await Promise.all(requests);

    const strict = controlledModel(mlp);
    const limited = createBatcher(strict.model, { maxBatchSize: 2, maxConcurrency: 1 });
    const more = Array.from({ length: 6 }, (_, seed) => limited.predict({ features: row(seed) }));
    await strict.waitForCalls(1);
    await settleMicrotasks();
    expect(strict.calls).toHaveLength(1);
    expect(limited.stats()).toMatchObject({ inFlight: 1, queued: 4 });
    for (let call = 0; call < 3; call++) {
      await strict.waitForCalls(call + 1);
      strict.calls[call]!.release();
    }
    await Promise.all(more);
  });

  it('an abort while queued rejects with PLINTH_ABORTED and leaves the others', async () => {
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, { maxBatchSize: 1 });
    const controller = new AbortController();
    const first = batched.predict({ features: row(1) });
    await control.waitForCalls(1);
    const aborted = caught(batched.predict({ features: row(2) }, { signal: controller.signal }));
    const third = batched.predict({ features: row(3) });
    controller.abort();
    expect((await aborted).code).toBe('PLINTH_ABORTED');
    control.calls[0]!.release();
    await control.waitForCalls(2);
    control.calls[1]!.release();
    await Promise.all([first, third]);
    expect(control.calls).toHaveLength(2);
    expect(batched.stats()).toMatchObject({ aborted: 1, completed: 2 });
  });

  it('dispose refuses what is queued (PLINTH_CLOSED), lets the running batch finish, disposes the model', async () => {
    const control = controlledModel(mlp);
    const batched = createBatcher(control.model, { maxBatchSize: 1 });
    const running = batched.predict({ features: row(1) });
    await control.waitForCalls(1);
    const queued = caught(batched.predict({ features: row(2) }));
    const disposing = batched.dispose();
    expect((await queued).code).toBe('PLINTH_CLOSED');
    expect(control.disposed).toBe(false);
    control.calls[0]!.release();
    await running;
    await disposing;
    expect(control.disposed).toBe(true);
    expect((await caught(batched.predict({ features: row(3) }))).code).toBe('PLINTH_CLOSED');
  });

  it('bad options, a non-model and bad inputs → PLINTH_VALIDATION', async () => {
    for (const options of [
      { maxBatchSize: 0 },
      { maxBatchSize: 1.5 },
      { maxQueueDelayMs: -1 },
      { maxQueueDelayMs: Number.NaN },
      { queueTimeoutMs: 0 },
      { maxQueueSize: Number.POSITIVE_INFINITY },
      { clock: Date },
      { timers: {} },
      { batchSize: 4 },
    ]) {
      expect((await caught(() => createBatcher(mlp, options as never))).code, JSON.stringify(options)).toBe(
        'PLINTH_VALIDATION',
      );
    }
    for (const model of [null, {}, { predict: () => 1 }]) {
      expect((await caught(() => createBatcher(model as never))).code).toBe('PLINTH_VALIDATION');
    }
    const batched = createBatcher(mlp, { disposeModel: false });
    expect((await caught(batched.predict({ features: new Float64Array(32) }))).code).toBe(
      'PLINTH_VALIDATION',
    );
    expect(batched.stats().requests).toBe(0);
  });
});
