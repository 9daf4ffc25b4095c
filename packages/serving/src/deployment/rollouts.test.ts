import { manualClock } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { double, row, seeded } from './doubles.test-data.ts';
import type { DeploymentEvent } from './types.ts';

function twoRoutes(challenger = double({ factor: 2 })) {
  return [
    { name: 'champion', model: double(), weight: 1 },
    { name: 'challenger', model: challenger, weight: 0 },
  ];
}

describe('progressive canary', () => {
  it('climbs step by step while the guards hold, then serves all traffic', async () => {
    const events: DeploymentEvent[] = [];
    const deployment = createDeployment({
      routes: twoRoutes(),
      canary: { route: 'challenger', steps: [10, 50, 100], holdRequests: 20, guards: { maxErrorRate: 0.1 } },
      random: seeded(3),
      onEvent: (event) => events.push(event),
    });
    expect(deployment.stats().canary).toEqual({
      route: 'challenger',
      status: 'running',
      percent: 10,
      step: 0,
    });
    expect(deployment.stats().routes.map((route) => route.trafficPercent)).toEqual([90, 10]);
    let guard = 0;
    while (deployment.stats().canary!.status === 'running' && guard++ < 5000) await deployment.predict(row());
    expect(events.map((event) => event.type)).toEqual(['canary-step', 'canary-step', 'canary-complete']);
    expect(events.slice(0, 2)).toMatchObject([
      { percent: 50, step: 1 },
      { percent: 100, step: 2 },
    ]);
    expect(deployment.stats().routes.map((route) => route.trafficPercent)).toEqual([0, 100]);
    for (let index = 0; index < 20; index++)
      expect((await deployment.predict(row())).route).toBe('challenger');
    // instant rollback after completion: the champion takes everything again
    deployment.rollback();
    expect(deployment.stats().routes.map((route) => route.trafficPercent)).toEqual([100, 0]);
  });

  it('rolls the candidate back to 0 % when its error rate trips the guard, with an event', async () => {
    const failures = seeded(5);
    const rollbacks: DeploymentEvent[] = [];
    const deployment = createDeployment({
      routes: twoRoutes(double({ fail: () => failures() < 0.5 })),
      canary: { route: 'challenger', holdRequests: 50, guards: { maxErrorRate: 0.2, minRequests: 10 } },
      random: seeded(9),
    });
    deployment.on('rollback', (event) => rollbacks.push(event));
    let guard = 0;
    while (rollbacks.length === 0 && guard++ < 5000) await deployment.predict(row()).catch(() => undefined);
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]).toMatchObject({
      type: 'rollback',
      route: 'challenger',
      reason: 'maxErrorRate',
      limit: 0.2,
    });
    expect((rollbacks[0] as { observed: number }).observed).toBeGreaterThan(0.2);
    const challengerBefore = deployment.stats().routes[1]!.requests;
    expect(challengerBefore).toBe(10);
    for (let index = 0; index < 200; index++)
      expect((await deployment.predict(row())).route).toBe('champion');
    expect(deployment.stats().canary).toMatchObject({
      status: 'rolled-back',
      percent: 0,
      reason: 'maxErrorRate',
    });
  });

  it('rolls back on p95 latency measured on the injected clock', async () => {
    const clock = manualClock(0);
    const deployment = createDeployment({
      routes: [
        { name: 'champion', model: double({ before: () => clock.advance(2) }), weight: 1 },
        { name: 'challenger', model: double({ before: () => clock.advance(50) }), weight: 0 },
      ],
      canary: {
        route: 'challenger',
        steps: [50, 100],
        holdRequests: 100,
        guards: { maxP95LatencyMs: 20, minRequests: 5 },
      },
      clock,
      random: seeded(1),
    });
    const rolled = new Promise<DeploymentEvent>((resolve) => deployment.on('rollback', resolve));
    for (let index = 0; index < 100; index++) await deployment.predict(row());
    expect(await rolled).toMatchObject({ reason: 'maxP95LatencyMs', observed: 50, limit: 20 });
    expect(deployment.stats().routes[1]!.requests).toBe(5);
  });

  it('holds each step for holdMs on the clock, and judges reported outcomes with minOutcome', async () => {
    const clock = manualClock(0);
    const events: DeploymentEvent[] = [];
    const deployment = createDeployment({
      routes: twoRoutes(),
      canary: {
        route: 'challenger',
        steps: [50, 100],
        holdMs: 1000,
        guards: { minOutcome: 0.5, minRequests: 3 },
      },
      clock,
      random: seeded(2),
      onEvent: (event) => events.push(event),
    });
    const challenger: string[] = [];
    while (challenger.length < 3) {
      const result = await deployment.predict(row());
      if (result.route === 'challenger') challenger.push(result.requestId);
    }
    clock.advance(1000);
    // time is up, but the step waits for minRequests outcomes
    await deployment.predict(row());
    expect(events).toEqual([]);
    deployment.reward(challenger[0]!, 1);
    deployment.reward(challenger[1]!, 0);
    deployment.reward(challenger[2]!, 0);
    expect(events).toMatchObject([{ type: 'rollback', reason: 'minOutcome', limit: 0.5 }]);
    expect((events[0] as { observed: number }).observed).toBeCloseTo(1 / 3, 12);
  });

  it('advances on time when the outcomes are good', async () => {
    const clock = manualClock(0);
    const steps: number[] = [];
    const deployment = createDeployment({
      routes: twoRoutes(),
      canary: { route: 'challenger', steps: [50, 100], holdMs: 1000 },
      clock,
      random: seeded(2),
    });
    deployment.on('canary-step', (event) => steps.push(event.percent));
    await deployment.predict(row());
    expect(steps).toEqual([]);
    clock.advance(1000);
    await deployment.predict(row());
    expect(steps).toEqual([100]);
  });

  it('a manual rollback stops a running canary at once', async () => {
    const deployment = createDeployment({
      routes: twoRoutes(),
      canary: { route: 'challenger', holdRequests: 10 },
    });
    const events: DeploymentEvent[] = [];
    deployment.on('rollback', (event) => events.push(event));
    deployment.rollback();
    expect(events).toMatchObject([{ route: 'challenger', reason: 'manual' }]);
    expect(deployment.stats().routes.map((route) => route.trafficPercent)).toEqual([100, 0]);
  });
});

describe('blue-green, promote, weights', () => {
  it('switches all traffic and rolls back instantly', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'blue', model: double(), weight: 1 },
        { name: 'green', model: double(), weight: 0 },
      ],
    });
    const events: DeploymentEvent[] = [];
    deployment.on('switch', (event) => events.push(event));
    deployment.on('rollback', (event) => events.push(event));
    deployment.switch('green');
    for (let index = 0; index < 20; index++) expect((await deployment.predict(row())).route).toBe('green');
    deployment.rollback();
    for (let index = 0; index < 20; index++) expect((await deployment.predict(row())).route).toBe('blue');
    expect(events).toMatchObject([
      { type: 'switch', route: 'green' },
      { type: 'rollback', route: 'green', reason: 'manual' },
    ]);
    expect(() => deployment.rollback()).toThrow(expect.objectContaining({ code: 'PLINTH_CONFLICT' }));
  });

  it('promote ends a bandit experiment', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'champion', model: double() },
        { name: 'challenger', model: double() },
      ],
      bandit: { strategy: 'epsilon-greedy' },
      random: seeded(4),
    });
    deployment.promote('challenger');
    for (let index = 0; index < 50; index++)
      expect((await deployment.predict(row())).route).toBe('challenger');
  });

  it('setWeights changes the split; bad weights and unknown routes are rejected before any change', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'a', model: double(), weight: 1 },
        { name: 'b', model: double(), weight: 1 },
      ],
    });
    for (const bad of [{ a: -1 }, { a: Number.NaN }, { c: 1 }, { a: 0, b: 0 }, null, [1], { a: '1' }]) {
      expect(() => deployment.setWeights(bad as never)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
    expect(deployment.stats().routes.map((route) => route.weight)).toEqual([1, 1]);
    deployment.setWeights({ b: 3 });
    expect(deployment.stats().routes.map((route) => route.trafficPercent)).toEqual([25, 75]);
    for (const bad of ['c', '__proto__', undefined, 1]) {
      expect(() => deployment.promote(bad as never)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
      expect(() => deployment.compare(bad as never, 'a')).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
  });
});
