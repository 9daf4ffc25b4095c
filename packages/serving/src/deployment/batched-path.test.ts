// A deployment with `batching` hands requests to the batcher without a promise of its own (enqueueOn); these
// tests pin that path's answers, errors, fallbacks and accounting to what the general path does.
import { manualClock, type PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { deferred, double, row } from './doubles.test-data.ts';
import type { DeploymentEvent } from './types.ts';

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as PlinthError,
  );

describe('a batched deployment', () => {
  it('answers each request from one merged run, with its own id, latency and route accounting', async () => {
    const clock = manualClock(1_000);
    const model = double({ factor: 10, version: 3, before: () => clock.advance(4) });
    const deployment = createDeployment({
      routes: [{ name: 'champion', model }],
      batching: { maxBatchSize: 8, maxQueueDelayMs: 0 },
      clock,
    });
    const results = await Promise.all([1, 2, 3].map((value) => deployment.predict(row(value, value))));
    // one run of 3 rows: 2·1·10, 2·2·10, 2·3·10
    expect(model.calls).toHaveLength(1);
    expect((model.calls[0]!.x as { dims: number[] }).dims).toEqual([3, 2]);
    expect(results.map((result) => Array.from(result.outputs.y!.data as Float32Array))).toEqual([
      [20],
      [40],
      [60],
    ]);
    expect(results.map((result) => [result.route, result.modelVersion, result.latencyMs])).toEqual([
      ['champion', 3, 4],
      ['champion', 3, 4],
      ['champion', 3, 4],
    ]);
    expect(new Set(results.map((result) => result.requestId)).size).toBe(3);
    const stats = deployment.stats().routes[0]!;
    expect(stats).toMatchObject({ requests: 3, errors: 0 });
    expect(stats.latencyMs.p50).toBe(4);
    // a reward names a request answered on this path
    deployment.reward(results[1]!.requestId, 1);
    expect(deployment.stats().routes[0]!.outcomes).toEqual({ count: 1, mean: 1 });
    await deployment.close();
  });

  it('a failed batch is a PLINTH_INFERENCE error of the route; a fallback value answers instead', async () => {
    const plain = createDeployment({
      routes: [{ name: 'champion', model: double({ fail: true }) }],
      batching: { maxBatchSize: 8 },
    });
    const error = await caught(plain.predict(row()));
    expect(error.code).toBe('PLINTH_INFERENCE');
    expect((error.cause as Error).message).toBe('model failed');
    expect(plain.stats().routes[0]).toMatchObject({ requests: 1, errors: 1 });
    await plain.close();

    const events: DeploymentEvent[] = [];
    const value = { y: { data: new Float32Array([-1]), dims: [1, 1] } };
    const guarded = createDeployment({
      routes: [{ name: 'champion', model: double({ fail: true }) }],
      batching: { maxBatchSize: 8 },
      fallback: { value },
      onEvent: (event) => events.push(event),
    });
    const result = await guarded.predict(row());
    expect(result).toMatchObject({ route: 'champion', fallback: 'value', outputs: value });
    expect(events.filter((event) => event.type === 'fallback')).toMatchObject([
      { route: 'champion', reason: 'error', requestId: result.requestId },
    ]);
    expect(guarded.stats()).toMatchObject({ fallbacks: 1 });
    await guarded.close();
  });

  it('a bad input, a full queue and an aborted request reject as the batcher says, counted on the route', async () => {
    const gate = deferred();
    const started = deferred();
    const deployment = createDeployment({
      routes: [
        {
          name: 'champion',
          model: double({
            before: () => {
              started.resolve();
              return gate.promise;
            },
          }),
        },
      ],
      batching: { maxBatchSize: 1, maxQueueSize: 1, maxConcurrency: 1 },
    });
    expect((await caught(deployment.predict({ x: [[1, 2, 3]] }))).code).toBe('PLINTH_VALIDATION');
    const running = deployment.predict(row(1, 1)); // taken by the first batch, waits on the gate
    await started.promise;
    const queued = deployment.predict(row(2, 2)); // the queue's one place
    expect((await caught(deployment.predict(row(3, 3)))).code).toBe('PLINTH_OVERLOADED');
    const controller = new AbortController();
    controller.abort(new Error('caller left'));
    expect((await caught(deployment.predict(row(), { signal: controller.signal }))).code).toBe(
      'PLINTH_ABORTED',
    );
    gate.resolve();
    expect((await running).outputs.y!.data).toEqual(new Float32Array([2]));
    expect((await queued).outputs.y!.data).toEqual(new Float32Array([4]));
    expect(deployment.stats().routes[0]).toMatchObject({ requests: 5, errors: 3 });
    await deployment.close();
    expect((await caught(deployment.predict(row()))).code).toBe('PLINTH_CLOSED');
  });
});
