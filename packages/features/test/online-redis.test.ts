import net from 'node:net';
import { PlinthError } from '@plinth/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisOnlineStore } from '../src/online/redis/index.node.ts';
import { onlineStoreContract } from '../src/testing/index.ts';
import { fnv1a, integerKeyHash } from './key-hash-oracle.ts';

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

// every entity of a view in one bucket: the contract again with every record sharing one Redis string
onlineStoreContract(
  'redisOnlineStore, one bucket per view',
  () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 1 });
    prefixes.set(store, keyPrefix);
    return store;
  },
  {
    entities: 2000,
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
  it('keeps a view in buckets keyed by FNV-1a of the entity key, with the key ttl set on every accepted write', async () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, keyTtlSeconds: 120 });
    await store.write(batch(1, 10, 0.5));
    // the bucket of key 1 is its integer hash modulo the bucket count; the layout key records the layout
    // version and the bucket count
    const bucket = `${keyPrefix}b:7:drivers:${integerKeyHash([1]) % 65536}`;
    expect((await keysUnder(keyPrefix)).sort()).toEqual([bucket, `${keyPrefix}l:7:drivers`]);
    const ttl = await admin.ttl(bucket);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await admin.get(`${keyPrefix}l:7:drivers`)).toBe('k2/65536');
    // the header (feature names), then the record: key, row (values in header order), expiry
    const [head, row, expiry] = (await admin.get(bucket))!.split('\x1f');
    expect(head).toBe('\x1c["rate","trips"]\x1ei1:1');
    expect(row).toBe('10;;["n0.5","n10"]');
    const now = Math.floor(Date.now() / 1000);
    expect(Number(expiry)).toBeGreaterThanOrEqual(now + 119);
    expect(Number(expiry)).toBeLessThanOrEqual(now + 121);
    await store.close();
  });

  it('a record past its expiry reads as missing though its bucket lives on, and the next write drops it', async () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, keyTtlSeconds: 60, buckets: 1 });
    await store.write(batch(1, 10, 0.5)); // records the layout
    const bucket = `${keyPrefix}b:7:drivers:0`;
    const past = Math.floor(Date.now() / 1000) - 5;
    const future = past + 3600;
    // by hand: entity 1 expired five seconds ago, entity 2 expires in an hour
    await admin.set(
      bucket,
      `\x1c["rate","trips"]\x1ei1:1\x1f10;;["n0.5","n10"]\x1f${past}` +
        `\x1ei1:2\x1f20;;["n0.25","n20"]\x1f${future}`,
    );
    const read = () => store.read({ view, features: ['rate'], keys: [[1], [2]] });
    expect(await read()).toEqual({
      found: [false, true],
      values: [[null, 0.25]],
      eventTimestamps: [null, 20],
    });
    // an older write of entity 1 is accepted: what was stored had expired
    expect(await store.write(batch(1, 5, 0.75))).toEqual({ written: 1, skipped: 0 });
    expect(await read()).toEqual({ found: [true, true], values: [[0.75, 0.25]], eventTimestamps: [5, 20] });
    const blob = (await admin.get(bucket))!;
    expect(blob.split('\x1e').length).toBe(3); // the header and two records, the expired one replaced
    expect(blob).not.toContain(`\x1f${past}`);
    await store.close();
  });

  it('grows a bucket header when a view gains a feature; rows written before read it as missing', async () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 1 });
    const grown = { ...view, features: ['rate', 'trips', 'extra'] };
    await store.write(batch(1, 10, 0.5));
    await store.write({
      view: grown,
      length: 1,
      keys: [[2]],
      features: grown.features,
      values: [[0.25], [20], ['x']],
      eventTimestamps: [20],
    });
    // a partial write of the new feature into the old row keeps the old row's other values
    await store.write({
      view: grown,
      length: 1,
      keys: [[1]],
      features: ['extra'],
      values: [['y']],
      eventTimestamps: [11],
    });
    const result = await store.read({
      view: grown,
      features: ['extra', 'rate', 'trips'],
      keys: [[1], [2], [3]],
    });
    expect(result).toEqual({
      found: [true, true, false],
      values: [
        ['y', 'x', null],
        [0.5, 0.25, null],
        [10, 20, null],
      ],
      eventTimestamps: [11, 20, null],
    });
    const blob = (await admin.get(`${keyPrefix}b:7:drivers:0`))!;
    expect(blob.startsWith('\x1c["rate","trips","extra"]\x1e')).toBe(true);
    await store.close();
  });

  it('refuses a view stored with another number of buckets until it is dropped', async () => {
    const keyPrefix = freshPrefix();
    const eight = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 8 });
    const nine = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 9 });
    await eight.write(batch(1, 10, 0.5));
    for (const call of [
      nine.read({ view, features: ['rate'], keys: [[1]] }),
      nine.write(batch(2, 10, 0.5)),
    ]) {
      const error = await failure(call);
      expect(error.code).toBe('PLINTH_VALIDATION');
      expect(error.message).toMatch(/stored in Redis in 8 buckets, but this store uses 9/);
    }
    expect((await eight.read({ view, features: ['rate'], keys: [[1], [2]] })).found).toEqual([true, false]);
    await nine.dropView('drivers');
    await nine.write(batch(2, 10, 0.25));
    expect((await nine.read({ view, features: ['rate'], keys: [[1], [2]] })).values).toEqual([[null, 0.25]]);
    await Promise.all([eight.close(), nine.close()]);
  });

  it('a reader that has read a view refuses it once another store drops it and writes it with other buckets', async () => {
    const keyPrefix = freshPrefix();
    const reader = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 8 });
    await reader.write(batch(1, 10, 0.5));
    expect((await reader.read({ view, features: ['rate'], keys: [[1]] })).values).toEqual([[0.5]]);
    const other = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 9 });
    await other.dropView('drivers');
    await other.write(batch(1, 20, 0.75));
    // the reader checked this view before; it still looks at the layout on every lookup
    const error = await failure(reader.read({ view, features: ['rate'], keys: [[1]] }));
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toMatch(/stored in Redis in 9 buckets, but this store uses 8/);
    expect((await other.read({ view, features: ['rate'], keys: [[1]] })).values).toEqual([[0.75]]);
    await Promise.all([reader.close(), other.close()]);
  });

  it('refuses a view written by layout version 1 (another key hash) until it is dropped', async () => {
    const keyPrefix = freshPrefix();
    // what version 1 left: the bare bucket count as the layout, key 1 in its FNV-1a bucket
    await admin.set(`${keyPrefix}l:7:drivers`, '65536');
    await admin.set(
      `${keyPrefix}b:7:drivers:${fnv1a('i1:1') % 65536}`,
      '\x1c["rate"]\x1ei1:1\x1f10;;["n0.5"]',
    );
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix });
    for (const call of [
      store.read({ view, features: ['rate'], keys: [[1]] }),
      store.write(batch(2, 10, 0.5)),
    ]) {
      const error = await failure(call);
      expect(error.code).toBe('PLINTH_VALIDATION');
      expect(error.message).toMatch(/earlier version of Plinth.*drop the view/);
    }
    await store.dropView('drivers');
    expect(await keysUnder(keyPrefix)).toEqual([]);
    await store.write(batch(2, 10, 0.25));
    expect((await store.read({ view, features: ['rate'], keys: [[1], [2]] })).values).toEqual([[null, 0.25]]);
    await store.close();
  });

  it('keeps string keys holding the record separators or non-ASCII text apart, in one bucket', async () => {
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix: freshPrefix(), buckets: 1 });
    const keys = [
      'é',
      '😀\x1f✓',
      'a',
      'a\x1f',
      'a\x1e',
      '\x1d0',
      '\x1d',
      '\x1e',
      '\x1f',
      'a\x1fb',
      'b\x1ea\x1f',
      '',
    ];
    const stringView = { name: 'tags', joinKeys: ['tag'], features: ['n'] };
    await store.write({
      view: stringView,
      length: keys.length,
      keys: keys.map((key) => [key]),
      features: ['n'],
      values: [keys.map((_, i) => i)],
      eventTimestamps: keys.map(() => 1),
    });
    const result = await store.read({
      view: stringView,
      features: ['n'],
      keys: [...keys, 'c'].map((key) => [key]),
    });
    expect(result.values).toEqual([[...keys.map((_, i) => i), null]]);
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
    // forwarding again: the lookup connection that went silent was dropped, and a new one answers
    forwarding = true;
    expect((await store.read({ view, features: ['rate'], keys: [[5]] })).values).toEqual([[0.5]]);
    await store.close();
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('lookups on many calls at once each get their own reply, and a cancelled one leaves the next in step', async () => {
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix: freshPrefix(), buckets: 16 });
    const ids = Array.from({ length: 200 }, (_, i) => i);
    await store.write({
      view,
      length: ids.length,
      keys: ids.map((id) => [id]),
      features: view.features,
      values: [ids.map((id) => id / 8), ids.map((id) => id * 3)],
      eventTimestamps: ids.map(() => 1),
    });
    const reads = await Promise.all(
      ids.map((id) => store.read({ view, features: ['trips', 'rate'], keys: [[id], [id + 1000]] })),
    );
    reads.forEach((result, id) => {
      expect(result.found).toEqual([true, false]);
      expect(result.values).toEqual([
        [id * 3, null],
        [id / 8, null],
      ]);
    });
    const controller = new AbortController();
    const cancelled = store.read({ view, features: ['rate'], keys: [[7]] }, { signal: controller.signal });
    controller.abort();
    expect((await failure(cancelled)).code).toBe('PLINTH_ABORTED');
    expect((await store.read({ view, features: ['rate'], keys: [[9]] })).values).toEqual([[9 / 8]]);
    await store.close();
  });

  it('a bulk write stores new buckets with one MSETNX, and one into stored buckets still lets only newer rows win', async () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 64 });
    const ids = Array.from({ length: 3000 }, (_, i) => i);
    const bulk = (stamp: (id: number) => number, rate: (id: number) => number) => ({
      view,
      length: ids.length,
      keys: ids.map((id) => [id]),
      features: view.features,
      values: [ids.map(rate), ids.map(stamp)],
      eventTimestamps: ids.map(stamp),
    });
    expect(
      await store.write(
        bulk(
          () => 10,
          (id) => id,
        ),
      ),
    ).toEqual({ written: 3000, skipped: 0 });
    expect((await keysUnder(`${keyPrefix}b:`)).length).toBe(64);
    // even ids newer (20), odd ids older (5): the MSETNX is refused (the buckets exist), the script decides
    expect(
      await store.write(
        bulk(
          (id) => (id % 2 === 0 ? 20 : 5),
          (id) => -id,
        ),
      ),
    ).toEqual({ written: 1500, skipped: 1500 });
    const read = await store.read({ view, features: ['rate', 'trips'], keys: ids.map((id) => [id]) });
    expect(read.values[0]).toEqual(ids.map((id) => (id % 2 === 0 ? -id : id)));
    expect(read.eventTimestamps).toEqual(ids.map((id) => (id % 2 === 0 ? 20 : 10)));
    await store.close();
  });

  it('reads the database the URL names, as node-redis writes it', async () => {
    const keyPrefix = freshPrefix();
    const url = `${REDIS_URL}/5`;
    const store = redisOnlineStore({ url, keyPrefix });
    await store.write(batch(11, 4, 0.75));
    expect((await store.read({ view, features: ['rate'], keys: [[11]] })).values).toEqual([[0.75]]);
    await store.close();
    expect(await keysUnder(keyPrefix)).toEqual([]); // nothing in database 0
    const five = createClient({ url });
    await five.connect();
    const keys: string[] = [];
    for await (const page of five.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 1000 })) keys.push(...page);
    expect(keys.length).toBe(2); // the bucket and the layout key
    await five.unlink(keys);
    await five.close();
  });

  it('a password the server refuses: PLINTH_STORAGE naming AUTH', async () => {
    const store = redisOnlineStore({ url: 'redis://:not-the-password@127.0.0.1:6379', timeoutMs: 2000 });
    const error = await failure(store.read({ view, features: ['rate'], keys: [[1]] }));
    expect(error.code).toBe('PLINTH_STORAGE');
    expect(error.message).toMatch(/AUTH failed/);
    await store.close();
  });

  it('refuses row texts without a bucket header, or outside the buckets, before writing', async () => {
    const keyPrefix = freshPrefix();
    const store = redisOnlineStore({ url: REDIS_URL, keyPrefix, buckets: 4 });
    const texts = (text: string, bucket = 0) => [
      { length: 1, buckets: [bucket], counts: [1], texts: [text] },
    ];
    for (const batches of [
      texts('\x1ei1:1\x1f1;;["n1","n2"]'),
      texts('\x1c["rate","trips"]\x1ei1:1\x1f1;;["n1","n2"]', 4),
      texts('\x1c["rate","trips"]\x1ei1:1\x1f1;;["n1","n2"]', -1),
    ]) {
      expect((await failure(store.writeRowTexts!(view, batches))).code).toBe('PLINTH_VALIDATION');
    }
    expect((await keysUnder(`${keyPrefix}b:`)).length).toBe(0);
    await store.close();
  });

  it('refuses bad options with PLINTH_VALIDATION', () => {
    const probes: unknown[] = [
      { url: 'http://x' },
      { timeoutMs: 0 },
      { keyTtlSeconds: -1 },
      { client: {} },
      { unknown: 1 },
      { writeChunk: 0 },
      { buckets: 0 },
      { buckets: 1.5 },
      { buckets: 2 ** 24 + 1 },
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
