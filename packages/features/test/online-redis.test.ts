import net from 'node:net';
import { PlinthError } from '@plinth/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisOnlineStore } from '../src/online/redis/index.node.ts';
import { onlineStoreContract } from '../src/testing/index.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const runId = `plinth-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const admin = createClient({ url: REDIS_URL });
admin.on('error', () => {});
let stores = 0;
const freshPrefix = () => `${runId}-${++stores}:`;

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...page);
  return keys;
}

beforeAll(async () => {
  await admin.connect();
});
afterAll(async () => {
  const leftovers = await keysUnder(runId);
  if (leftovers.length > 0) await admin.unlink(leftovers);
  await admin.close();
});

async function failure(promise: Promise<unknown>): Promise<PlinthError> {
  try {
    await promise;
  } catch (error) {
    expect(PlinthError.is(error), String(error)).toBe(true);
    return error as PlinthError;
  }
  throw new Error('expected a rejection');
}

const prefixes = new WeakMap<object, string>();
onlineStoreContract(
  'redisOnlineStore',
  () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix });
    prefixes.set(store, keyPrefix);
    return store;
  },
  {
    destroy: async (store) => {
      const keys = await keysUnder(prefixes.get(store)!);
      if (keys.length > 0) await admin.unlink(keys);
    },
  },
);

const view = { name: 'drivers', joinKeys: ['driver_id'], features: ['rate', 'trips'] };
const batch = (id: number, ts: number, rate: number) => ({
  view,
  length: 1,
  keys: [[id]],
  features: view.features,
  values: [[rate], [ts]],
  eventTimestamps: [ts],
});

describe('redisOnlineStore', () => {
  it('sets the key ttl on every accepted write', async () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, keyTtlSeconds: 120 });
    await store.write(batch(1, 10, 0.5));
    const [key] = await keysUnder(keyPrefix);
    expect(key).toBe(`${keyPrefix}v:7:drivers:i1:1`);
    const ttl = await admin.ttl(key!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    await store.close();
  });

  it('two stores (two connections) racing: the newest row of every entity wins', async () => {
    const keyPrefix = freshPrefix();
    const [a, b] = [
      redisOnlineStore({ url: REDIS_URL, keyPrefix }),
      redisOnlineStore({ url: REDIS_URL, keyPrefix }),
    ];
    const ids = Array.from({ length: 200 }, (_, i) => i);
    const stamp = (writer: number, round: number, id: number) =>
      ((id * 7 + round * 13 + writer * 29) % 97) * 2 + writer;
    const writes: Promise<unknown>[] = [];
    for (let round = 0; round < 10; round++) {
      for (const [writer, store] of [a, b].entries()) {
        writes.push(
          store.write({
            view,
            length: ids.length,
            keys: ids.map((id) => [id]),
            features: view.features,
            values: [ids.map(() => writer), ids.map(() => round)],
            eventTimestamps: ids.map((id) => stamp(writer, round, id)),
          }),
        );
      }
    }
    await Promise.all(writes);
    const expected = ids.map((id) => {
      let best = { ts: -1, writer: -1, round: -1 };
      for (let round = 0; round < 10; round++) {
        for (const writer of [0, 1]) {
          const ts = stamp(writer, round, id);
          if (ts > best.ts) best = { ts, writer, round };
        }
      }
      return best;
    });
    const result = await a.read({ view, features: view.features, keys: ids.map((id) => [id]) });
    expect(result.eventTimestamps).toEqual(expected.map((best) => best.ts));
    expect(result.values).toEqual([expected.map((best) => best.writer), expected.map((best) => best.round)]);
    await Promise.all([a.close(), b.close()]);
  });

  it('uses an injected client and leaves it open on close()', async () => {
    const client = createClient({ url: REDIS_URL });
    client.on('error', () => {});
    await client.connect();
    const store = redisOnlineStore({ client, keyPrefix: freshPrefix() });
    await store.write(batch(3, 1, 0.25));
    expect((await store.read({ view, features: ['rate'], keys: [[3]] })).values).toEqual([[0.25]]);
    await store.close();
    expect(client.isOpen).toBe(true);
    await client.close();
  });

  it('a closed port: PLINTH_STORAGE naming the cause, within the deadline', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const store = redisOnlineStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 500 });
    const error = await failure(store.read({ view, features: ['rate'], keys: [[1]] }));
    expect(error.code).toBe('PLINTH_STORAGE');
    expect(error.message).toMatch(/Redis failed/);
    expect(error.cause).toBeDefined();
    // and again: the store tries to connect anew instead of keeping a dead promise
    expect((await failure(store.write(batch(1, 1, 1)))).code).toBe('PLINTH_STORAGE');
    await store.close();
  });

  it('a server that accepts and never answers: PLINTH_STORAGE after timeoutMs, never a hang', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const store = redisOnlineStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 300 });
    const error = await failure(store.read({ view, features: ['rate'], keys: [[1]] }));
    expect(error.code).toBe('PLINTH_STORAGE');
    expect(PlinthError.is(error.cause, 'PLINTH_TIMEOUT')).toBe(true);
    await store.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('Redis going silent mid-session (a proxy that stops forwarding): PLINTH_STORAGE, never a hang', async () => {
    let forwarding = true;
    const held: net.Socket[] = [];
    const proxy = net.createServer((downstream) => {
      const upstream = net.connect(6379, '127.0.0.1');
      held.push(downstream, upstream);
      downstream.on('data', (chunk) => forwarding && upstream.write(chunk));
      upstream.on('data', (chunk) => forwarding && downstream.write(chunk));
      downstream.on('error', () => upstream.destroy());
      upstream.on('error', () => downstream.destroy());
      downstream.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as net.AddressInfo;
    const store = redisOnlineStore({
      url: `redis://127.0.0.1:${port}`,
      keyPrefix: freshPrefix(),
      timeoutMs: 3000,
    });
    await store.write(batch(5, 1, 0.5));
    expect((await store.read({ view, features: ['rate'], keys: [[5]] })).values).toEqual([[0.5]]);
    forwarding = false;
    const error = await failure(store.read({ view, features: ['rate'], keys: [[5]] }));
    expect(error.code).toBe('PLINTH_STORAGE');
    expect((await failure(store.write(batch(5, 2, 0.7)))).code).toBe('PLINTH_STORAGE');
    await store.close();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('refuses bad options with PLINTH_VALIDATION', () => {
    const probes: unknown[] = [
      { url: 'http://x' },
      { timeoutMs: 0 },
      { keyTtlSeconds: -1 },
      { client: {} },
      { unknown: 1 },
      { writeChunk: 0 },
    ];
    for (const probe of probes) {
      let caught: unknown;
      try {
        redisOnlineStore(probe as Parameters<typeof redisOnlineStore>[0]);
      } catch (error) {
        caught = error;
      }
      expect(PlinthError.is(caught, 'PLINTH_VALIDATION'), JSON.stringify(probe)).toBe(true);
    }
  });
});
