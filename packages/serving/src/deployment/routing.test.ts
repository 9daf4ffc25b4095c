import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { createDeployment } from '../index.node.ts';
import { double, row, seeded } from './doubles.test-data.ts';
import { hashKey, keyPosition } from './hash.ts';

/** FNV-1a 32 written out again from its definition, then murmur3's fmix32 (the published constants). */
function referenceHash(key: string): number {
  let h = 2166136261;
  for (const byte of Buffer.from(key, 'utf8')) {
    h = Number((BigInt(h ^ byte) * 16777619n) % 4294967296n);
  }
  const mul = (a: number, b: number) => Number((BigInt(a) * BigInt(b)) % 4294967296n);
  h = (h ^ (h >>> 16)) >>> 0;
  h = mul(h, 0x85ebca6b);
  h = (h ^ (h >>> 13)) >>> 0;
  h = mul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

describe('weighted routing', () => {
  it('splits traffic by weight (seeded random; expected share within 4 sigma)', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'champion', model: double(), weight: 90 },
        { name: 'challenger', model: double({ factor: 2 }), weight: 10 },
      ],
      random: seeded(7),
    });
    const counts = { champion: 0, challenger: 0 } as Record<string, number>;
    for (let index = 0; index < 10_000; index++) {
      const result = await deployment.predict(row(1, 2));
      counts[result.route]! += 1;
      expect(result.outputs.y!.data[0]).toBe(result.route === 'champion' ? 3 : 6);
    }
    const sigma = Math.sqrt(10_000 * 0.1 * 0.9);
    expect(Math.abs(counts.challenger! - 1000)).toBeLessThan(4 * sigma);
    const stats = deployment.stats();
    expect(stats.routes.map((route) => [route.name, route.requests, route.trafficPercent])).toEqual([
      ['champion', counts.champion, 90],
      ['challenger', counts.challenger, 10],
    ]);
  });

  it('answers with outputs, route, version, latency and a request id', async () => {
    const deployment = createDeployment({ routes: [{ name: 'only', model: double({ version: 3 }) }] });
    const result = await deployment.predict(row(2, 2));
    expect(result.route).toBe('only');
    expect(result.modelVersion).toBe(3);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    // the deployment's UUIDv7, then a sequence number: unique per request, across deployments too
    expect(result.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(0|[1-9][0-9]*)$/,
    );
    const more = await Promise.all([1, 2, 3].map(() => deployment.predict(row(1, 1))));
    const other = await createDeployment({ routes: [{ name: 'only', model: double() }] }).predict(row(1, 1));
    expect(new Set([result, ...more, other].map((answer) => answer.requestId)).size).toBe(5);
    expect(Array.from(result.outputs.y!.data as Float32Array)).toEqual([4]);
    expect(deployment.name).toBe('fraud');
  });

  it('a route named constructor or toString is a route like any other', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'constructor', model: double(), weight: 1 },
        { name: 'toString', model: double({ factor: 2 }), weight: 0 },
      ],
    });
    expect((await deployment.predict(row())).route).toBe('constructor');
    deployment.switch('toString');
    expect((await deployment.predict(row())).route).toBe('toString');
    expect(deployment.stats().routes.map((route) => route.name)).toEqual(['constructor', 'toString']);
  });

  it('forces a route through predict options', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'a', model: double(), weight: 1 },
        { name: 'b', model: double(), weight: 0 },
      ],
    });
    expect((await deployment.predict(row(), { route: 'b' })).route).toBe('b');
    await expect(deployment.predict(row(), { route: 'c' })).rejects.toMatchObject({
      code: 'PLINTH_VALIDATION',
    });
  });
});

describe('sticky routing', () => {
  it('hashes keys with FNV-1a + fmix32, as a separate implementation computes', () => {
    for (const key of ['', 'a', 'user-42', 'ünïcødé', 'x'.repeat(1000)]) {
      expect(hashKey(key)).toBe(referenceHash(key));
    }
    // the FNV-1a part alone on its published test vector: fnv1a32("a") = 0xe40c292c
    let h = 0x811c9dc5 ^ 0x61;
    h = Math.imul(h, 0x01000193) >>> 0;
    expect(h).toBe(0xe40c292c);
  });

  it('sends the same key to the same route, and keys spread by weight', async () => {
    const deployment = createDeployment({
      routes: [
        { name: 'a', model: double(), weight: 50 },
        { name: 'b', model: double(), weight: 50 },
      ],
      featureLookup: (request: { userId: string }) => row(request.userId.length, 1),
      stickyKey: (request) => request.userId,
      random: () => {
        throw new Error('sticky requests must not draw random numbers');
      },
    });
    const seen = new Map<string, string>();
    let b = 0;
    for (let user = 0; user < 2000; user++) {
      const userId = `user-${user}`;
      const first = await deployment.predict({ userId });
      const second = await deployment.predict({ userId });
      expect(second.route).toBe(first.route);
      // independent: the route follows from the key's position in [0, 1) against the cumulative weights
      expect(first.route).toBe(referenceHash(userId) / 2 ** 32 < 0.5 ? 'a' : 'b');
      seen.set(userId, first.route);
      if (first.route === 'b') b += 1;
    }
    expect(Math.abs(b - 1000)).toBeLessThan(4 * Math.sqrt(2000 * 0.25));
    expect(keyPosition('user-1')).toBe(referenceHash('user-1') / 2 ** 32);
  });
});

describe('bandits', () => {
  async function play(strategy: 'thompson' | 'epsilon-greedy') {
    const random = seeded(11);
    const outcomes = seeded(12);
    const deployment = createDeployment({
      routes: [
        { name: 'worse', model: double() },
        { name: 'better', model: double() },
      ],
      bandit: { strategy },
      random,
    });
    const rate: Record<string, number> = { worse: 0.3, better: 0.7 };
    const counts: Record<string, number> = { worse: 0, better: 0 };
    for (let index = 0; index < 2000; index++) {
      const result = await deployment.predict(row());
      counts[result.route]! += 1;
      deployment.reward(result.requestId, outcomes() < rate[result.route]! ? 1 : 0);
    }
    return counts;
  }

  it('Thompson sampling sends most traffic to the better route', async () => {
    const counts = await play('thompson');
    expect(counts.better! / 2000).toBeGreaterThan(0.85);
  });

  it('epsilon-greedy sends most traffic to the better route', async () => {
    const counts = await play('epsilon-greedy');
    expect(counts.better! / 2000).toBeGreaterThan(0.8);
  });

  it('rejects rewards outside [0, 1] for Thompson sampling, unknown ids, and a second reward', async () => {
    const deployment = createDeployment({
      routes: [{ name: 'a', model: double() }],
      bandit: { strategy: 'thompson' },
    });
    const { requestId } = await deployment.predict(row());
    expect(() => deployment.reward(requestId, 2)).toThrow(
      expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
    );
    expect(() => deployment.reward(requestId, Number.NaN)).toThrow(
      expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
    );
    expect(() => deployment.reward('nope', 1)).toThrow(expect.objectContaining({ code: 'PLINTH_NOT_FOUND' }));
    // the same sequence number spelled another way, or one not issued yet, names no request
    const prefix = requestId.slice(0, requestId.lastIndexOf('.') + 1);
    for (const forged of ['00', ' 0', '0x0', '0.0', '1', '-0', '']) {
      expect(() => deployment.reward(prefix + forged, 1)).toThrow(
        expect.objectContaining({ code: 'PLINTH_NOT_FOUND' }),
      );
    }
    expect(requestId).toBe(`${prefix}0`);
    deployment.reward(requestId, 1);
    const again = (() => {
      try {
        deployment.reward(requestId, 1);
      } catch (error) {
        return error;
      }
    })();
    expect(PlinthError.is(again, 'PLINTH_NOT_FOUND')).toBe(true);
  });

  it('forgets the oldest pending requests past maxPendingRewards', async () => {
    const deployment = createDeployment({ routes: [{ name: 'a', model: double() }], maxPendingRewards: 2 });
    const first = await deployment.predict(row());
    const second = await deployment.predict(row());
    const third = await deployment.predict(row());
    expect(() => deployment.reward(first.requestId, 1)).toThrow(
      expect.objectContaining({ code: 'PLINTH_NOT_FOUND' }),
    );
    deployment.reward(second.requestId, 1);
    deployment.reward(third.requestId, 0);
    expect(deployment.stats().routes[0]!.outcomes).toEqual({ count: 2, mean: 0.5 });
  });

  it('remembers exactly the last maxPendingRewards answers, however many came before', async () => {
    const deployment = createDeployment({ routes: [{ name: 'a', model: double() }], maxPendingRewards: 3 });
    const answers = [];
    for (let index = 0; index < 10; index++) answers.push(await deployment.predict(row()));
    deployment.reward(answers[8]!.requestId, 1); // rewarded ones leave early; the ring still counts them
    answers.push(await deployment.predict(row()), await deployment.predict(row()));
    const open = answers.map((answer) => {
      try {
        deployment.reward(answer.requestId, 0);
        return true;
      } catch (error) {
        expect(PlinthError.is(error, 'PLINTH_NOT_FOUND')).toBe(true);
        return false;
      }
    });
    // answers 9, 10 and 11 are the last three; 8 was rewarded already
    expect(open.map((ok, index) => (ok ? index : -1)).filter((index) => index >= 0)).toEqual([9, 10, 11]);
    expect(deployment.stats().routes[0]!.outcomes.count).toBe(4);
  });
});
