import { manualClock } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { deferred, double, row } from './doubles.test-data.ts';
import type { DeploymentEvent } from './types.ts';

describe('shadow traffic', () => {
  it('never changes or delays the answer; shadow errors only show in events and stats', async () => {
    const gate = deferred();
    const slow = double({ factor: 100, before: () => gate.promise });
    const failing = double({ fail: true });
    const events: DeploymentEvent[] = [];
    const deployment = createDeployment({
      routes: [{ name: 'champion', model: double() }],
      shadow: [
        { name: 'slow', model: slow },
        { name: 'broken', model: failing },
      ],
      onEvent: (event) => events.push(event),
    });
    const shadowDone = new Promise<void>((resolve) => {
      const off = deployment.on('shadow', () => {
        off();
        resolve();
      });
    });
    const brokenDone = new Promise<void>((resolve) => deployment.on('shadow-error', () => resolve()));
    // the slow shadow never finished, yet the answer is here, from the champion
    const result = await deployment.predict(row(1, 2));
    expect(result.route).toBe('champion');
    expect(Array.from(result.outputs.y!.data as Float32Array)).toEqual([3]);
    await brokenDone;
    expect(failing.calls).toHaveLength(1);
    gate.resolve();
    await shadowDone;
    // the shadow saw the same inputs
    expect(slow.calls[0]).toBe(failing.calls[0]);
    const shadow = events.find((event) => event.type === 'shadow');
    expect(shadow).toMatchObject({ route: 'slow', requestId: result.requestId });
    expect(
      Array.from((shadow as unknown as { outputs: { y: { data: Float32Array } } }).outputs.y.data),
    ).toEqual([300]);
    const stats = deployment.stats();
    expect(stats.shadow.map((entry) => [entry.name, entry.requests, entry.errors])).toEqual([
      ['slow', 1, 0],
      ['broken', 1, 1],
    ]);
    expect(stats.routes[0]).toMatchObject({ requests: 1, errors: 0 });
    await deployment.close();
  });

  it('close() runs the copies still waiting for their turn and waits for them', async () => {
    const shadowModel = double({ factor: 2 });
    const deployment = createDeployment({
      routes: [{ name: 'main', model: double() }],
      shadow: [{ name: 'copy', model: shadowModel }],
    });
    await Promise.all([deployment.predict(row(1, 1)), deployment.predict(row(2, 2))]);
    // the copies are queued for the next turn: nothing ran yet
    expect(shadowModel.calls).toHaveLength(0);
    await deployment.close();
    expect(shadowModel.calls).toHaveLength(2);
    expect(deployment.stats().shadow[0]).toMatchObject({ requests: 2, errors: 0, dropped: 0 });
  });

  it('mirrors the configured share of requests and drops copies past maxShadowInFlight', async () => {
    let next = 0;
    const draws = [0.9, 0.7];
    const gate = deferred();
    const shadowModel = double({ before: () => gate.promise });
    const deployment = createDeployment({
      routes: [{ name: 'main', model: double() }],
      shadow: [{ name: 'half', model: shadowModel, percent: 50 }],
      random: () => draws[next++ % draws.length]!,
      maxShadowInFlight: 1,
    });
    // one route takes no routing draw; shadow draws 0.9, 0.7 (skip, skip, …) → every shadow draw ≥ 0.5
    for (let index = 0; index < 4; index++) await deployment.predict(row());
    expect(deployment.stats().shadow[0]).toMatchObject({ requests: 0, dropped: 0 });
    draws.splice(0, 2, 0.1, 0.2);
    // every shadow draw now mirrors: the first copy waits on the gate, the next ones are dropped
    for (let index = 0; index < 3; index++) await deployment.predict(row());
    expect(deployment.stats().shadow[0]!.dropped).toBe(2);
    gate.resolve();
    await deployment.close();
    expect(shadowModel.calls).toHaveLength(1);
    expect(deployment.stats().shadow[0]).toMatchObject({ requests: 1, errors: 0, dropped: 2 });
  });
});

describe('fallback', () => {
  it('answers from the fallback route when the primary fails, and counts it', async () => {
    const fallbacks: DeploymentEvent[] = [];
    const deployment = createDeployment({
      routes: [
        { name: 'challenger', model: double({ fail: true, version: 2 }), weight: 1 },
        { name: 'champion', model: double({ factor: 10, version: 1 }), weight: 0 },
      ],
      fallback: { route: 'champion' },
    });
    deployment.on('fallback', (event) => fallbacks.push(event));
    const result = await deployment.predict(row(1, 1));
    expect(result).toMatchObject({ route: 'champion', modelVersion: 1, fallback: 'route' });
    expect(Array.from(result.outputs.y!.data as Float32Array)).toEqual([20]);
    expect(fallbacks).toMatchObject([{ type: 'fallback', route: 'challenger', reason: 'error' }]);
    const stats = deployment.stats();
    expect(stats.fallbacks).toBe(1);
    expect(stats.routes.map((route) => [route.name, route.requests, route.errors, route.fallbacks])).toEqual([
      ['challenger', 1, 1, 1],
      ['champion', 1, 0, 0],
    ]);
  });

  it('gives up on a primary past timeoutMs, aborts it and answers with the static value', async () => {
    let aborted = false;
    const hanging = double({
      before: (_inputs, options) =>
        new Promise((_, reject) =>
          options?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          }),
        ),
    });
    const value = { y: { data: new Float32Array([0]), dims: [1, 1] } };
    const deployment = createDeployment({
      routes: [{ name: 'slow', model: hanging }],
      fallback: { value, timeoutMs: 5 },
    });
    const result = await deployment.predict(row());
    expect(result).toMatchObject({ route: 'slow', fallback: 'value', modelVersion: undefined });
    expect(result.outputs).toBe(value);
    expect(aborted).toBe(true);
  });

  it('without a fallback the model error reaches the caller as PLINTH_INFERENCE with the cause', async () => {
    const deployment = createDeployment({ routes: [{ name: 'a', model: double({ fail: true }) }] });
    const error = await deployment.predict(row()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PLINTH_INFERENCE' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(deployment.stats().routes[0]).toMatchObject({ requests: 1, errors: 1 });
  });

  it('a failing fallback route surfaces its error', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'a', model: double({ fail: true }), weight: 1 },
        { name: 'b', model: double({ fail: true }), weight: 0 },
      ],
      fallback: { route: 'b' },
    });
    await expect(deployment.predict(row())).rejects.toMatchObject({ code: 'PLINTH_INFERENCE' });
  });
});

describe('featureLookup and onPrediction', () => {
  it('looks features up, reports each prediction, and a throwing callback never breaks predict', async () => {
    const clock = manualClock(1_000, 1);
    const seen: unknown[] = [];
    const deployment = createDeployment({
      routes: [{ name: 'a', model: double({ version: 4 }) }],
      featureLookup: async (request: { userId: string }) => row(request.userId === 'u1' ? 5 : 0, 1),
      onPrediction: (event) => {
        seen.push(event);
        throw new Error('monitor down');
      },
      clock,
    });
    const errorsSeen: unknown[] = [];
    deployment.on('callback-error', (event) => errorsSeen.push(event.error));
    const result = await deployment.predict({ userId: 'u1' });
    expect(Array.from(result.outputs.y!.data as Float32Array)).toEqual([6]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      requestId: result.requestId,
      request: { userId: 'u1' },
      route: 'a',
      modelVersion: 4,
      modelSource: 'models:/fraud/4',
      latencyMs: result.latencyMs,
    });
    expect((seen[0] as { inputs: unknown }).inputs).toEqual(row(5, 1));
    expect(errorsSeen).toHaveLength(1);
  });

  it('a failing featureLookup rejects with the cause, counted as an error of the route', async () => {
    const deployment = createDeployment({
      routes: [{ name: 'a', model: double() }],
      featureLookup: () => {
        throw new Error('redis down');
      },
    });
    const error = await deployment.predict({}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PLINTH_INFERENCE' });
    expect(String((error as Error).message)).toContain('featureLookup');
    expect(deployment.stats().routes[0]!.errors).toBe(1);
  });
});
