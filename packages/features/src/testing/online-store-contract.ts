import { PlinthError } from '@plinth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EntityKeyValue,
  OnlineReadResult,
  OnlineStore,
  OnlineValue,
  OnlineViewInfo,
  OnlineWriteBatch,
} from '../online/port.ts';

/** Options of {@link onlineStoreContract}. */
export interface OnlineStoreContractOptions {
  /** Removes what `makeStore` made (temp directories, keys), after the store is closed. */
  destroy?: (store: OnlineStore) => void | Promise<void>;
  /** Concurrent writers in the newer-wins race. @default 8 */
  writers?: number;
  /** Entities in the large round trip. @default 5000 */
  entities?: number;
}

/** One row of a test batch. */
interface Row {
  key: (EntityKeyValue | null)[];
  values: OnlineValue[];
  ts: number;
  created?: number | null;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(PlinthError.is(error), `expected a PlinthError, got ${String(error)}`).toBe(true);
    return (error as PlinthError).code;
  }
  return 'resolved';
}

let views = 0;
/** A view with a name unique to this run, so suites may share one store (or one Redis). */
function makeView(features: string[] = ['a', 'b'], joinKeys: string[] = ['id']): OnlineViewInfo {
  views += 1;
  return { name: `contract_${views}_${Math.random().toString(36).slice(2, 8)}`, joinKeys, features };
}

function batchOf(view: OnlineViewInfo, rows: Row[], features = view.features): OnlineWriteBatch {
  return {
    view,
    length: rows.length,
    keys: rows.map((row) => row.key),
    features,
    values: features.map((_, f) => rows.map((row) => row.values[f] ?? null)),
    eventTimestamps: rows.map((row) => row.ts),
    createdTimestamps: rows.some((row) => row.created !== undefined)
      ? rows.map((row) => row.created ?? null)
      : null,
  };
}

/**
 * The contract every `OnlineStore` meets: rows read back as written, by columns and in request order (absent
 * keys not found, null values kept); newer wins by (event ts, created ts) against older, equal and newer
 * writes, within a batch and among concurrent writers; typed keys (`1` and `1n` one key, `"1"` another,
 * `("c1", 11)` and `("c11", 1)` apart, a null component never written nor found); feature subsets; metadata;
 * `dropView`; arrays of its own in every answer; `__proto__` and `constructor` as key values, feature names and metadata keys; bad input refused
 * with `PLINTH_VALIDATION` before anything is written; `PLINTH_CLOSED` after `close()`. Call it inside a test
 * file; each case uses its own views, so one store serves the suite (`makeStore` is also called for the
 * `close()` case).
 *
 * @example
 * ```ts
 * onlineStoreContract('storageOnlineStore(memory)', () => storageOnlineStore({ storage: memoryStorage() }));
 * ```
 */
export function onlineStoreContract(
  name: string,
  makeStore: () => OnlineStore | Promise<OnlineStore>,
  options: OnlineStoreContractOptions = {},
): void {
  const writers = options.writers ?? 8;
  const entities = options.entities ?? 5000;

  describe(`online store contract: ${name}`, () => {
    let store: OnlineStore;
    const read = (view: OnlineViewInfo, keys: (EntityKeyValue | null)[][], features = view.features) =>
      store.read({ view, features, keys });
    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store.close();
      await options.destroy?.(store);
    });

    it('reads back rows by columns, in request order, with absent keys not found', async () => {
      const view = makeView();
      const written = await store.write(
        batchOf(view, [
          { key: [1], values: [1.5, 'x'], ts: 1000 },
          { key: [2], values: [2.5, null], ts: 2000 },
        ]),
      );
      expect(written).toEqual({ written: 2, skipped: 0 });
      const result = await read(view, [[2], [3], [1], [2]]);
      expect(result).toEqual<OnlineReadResult>({
        found: [true, false, true, true],
        values: [
          [2.5, null, 1.5, 2.5],
          [null, null, 'x', null],
        ],
        eventTimestamps: [2000, null, 1000, 2000],
      });
      expect(await read(view, [])).toEqual({ found: [], values: [[], []], eventTimestamps: [] });
      expect(await read(makeView(), [[1]])).toEqual({
        found: [false],
        values: [[null], [null]],
        eventTimestamps: [null],
      });
    });

    it('readMany, when offered, answers each request as read does, in request order, and sees later writes', async () => {
      if (store.readMany === undefined) return;
      const first = makeView(['x', 'tag']);
      const second = makeView(['y'], ['a', 'b']);
      await store.write(
        batchOf(first, [
          { key: [1], values: [1.5, 'one'], ts: 10 },
          { key: [2], values: [null, 'two'], ts: 20, created: 5 },
        ]),
      );
      await store.write(
        batchOf(second, [
          { key: ['c1', 11], values: [7], ts: 30 },
          { key: ['c11', 1], values: [8], ts: 31 },
        ]),
      );
      const requests = [
        {
          view: second,
          features: ['y'],
          keys: [
            ['c11', 1],
            ['c1', 11],
            ['c1', 1],
          ],
        },
        { view: first, features: ['tag', 'x'], keys: [[2], [3], [null], [1]] },
        { view: first, features: ['x'], keys: [] },
        { view: makeView(['z']), features: ['z'], keys: [[1]] },
      ];
      const many = await store.readMany(requests);
      expect(many).toEqual([
        { found: [true, true, false], values: [[8, 7, null]], eventTimestamps: [31, 30, null] },
        {
          found: [true, false, false, true],
          values: [
            ['two', null, null, 'one'],
            [null, null, null, 1.5],
          ],
          eventTimestamps: [20, null, null, 10],
        },
        { found: [], values: [[]], eventTimestamps: [] },
        { found: [false], values: [[null]], eventTimestamps: [null] },
      ]);
      for (const [r, request] of requests.entries()) expect(await store.read(request)).toEqual(many[r]);
      expect(await store.readMany([])).toEqual([]);
      // a write between two reads is seen by the second (no stale cache)
      await store.write(batchOf(first, [{ key: [1], values: [2.5, 'uno'], ts: 11 }]));
      expect((await store.readMany([requests[1]!]))[0]!.values).toEqual([
        ['two', null, null, 'uno'],
        [null, null, null, 2.5],
      ]);
      for (const bad of [
        [{ view: first, features: ['nope'], keys: [[1]] }],
        [requests[1]!, { view: first, features: ['x'], keys: [[1, 2]] }],
        'requests' as unknown as [],
        [null as unknown as (typeof requests)[number]],
      ]) {
        expect(await codeOf(store.readMany(bad))).toBe('PLINTH_VALIDATION');
      }
    });

    it('readMany, when offered, answers requests of several views that share one list of keys', async () => {
      if (store.readMany === undefined) return;
      const first = makeView(['x']);
      const second = makeView(['y', 'z']);
      await store.write(batchOf(first, [{ key: [1], values: [1.5], ts: 10 }]));
      await store.write(
        batchOf(second, [
          { key: [2], values: ['two', 2], ts: 20 },
          { key: [1], values: ['one', null], ts: 30 },
        ]),
      );
      const keys = [[2], [null], [1], [3]];
      const many = await store.readMany([
        { view: first, features: ['x'], keys },
        { view: second, features: ['z', 'y'], keys },
        { view: first, features: ['x'], keys },
      ]);
      const firstAnswer = {
        found: [false, false, true, false],
        values: [[null, null, 1.5, null]],
        eventTimestamps: [null, null, 10, null],
      };
      expect(many).toEqual([
        firstAnswer,
        {
          found: [true, false, true, false],
          values: [
            [2, null, null, null],
            ['two', null, 'one', null],
          ],
          eventTimestamps: [20, null, 30, null],
        },
        firstAnswer,
      ]);
      expect(keys).toEqual([[2], [null], [1], [3]]);
    });

    it('answers with arrays of its own per read: no two share one, and changing them changes no later read', async () => {
      const view = makeView();
      await store.write(batchOf(view, [{ key: [1], values: [1.5, 'x'], ts: 1000 }]));
      const expected = {
        found: [true, false],
        values: [
          [1.5, null],
          ['x', null],
        ],
        eventTimestamps: [1000, null],
      };
      const first = await read(view, [[1], [2]]);
      expect(first).toEqual(expected);
      const arrays = [first.found, first.eventTimestamps, ...first.values];
      expect(new Set(arrays).size).toBe(arrays.length);
      (first.found as boolean[])[0] = false;
      (first.eventTimestamps as (number | null)[])[0] = 0;
      for (const column of first.values) (column as OnlineValue[])[0] = null;
      expect(await read(view, [[1], [2]])).toEqual(expected);
      if (store.readMany)
        expect((await store.readMany([{ view, features: view.features, keys: [[1], [2]] }]))[0]).toEqual(
          expected,
        );
    });

    it('keeps value types: strings, integers, doubles, bigints beyond 2^53, booleans, nulls, mixed columns', async () => {
      const view = makeView(['s', 'n', 'big', 'flag', 'mixed']);
      const big = 2n ** 60n + 7n;
      await store.write(
        batchOf(view, [
          { key: ['r1'], values: ['héllo "quoted"; --', 42, big, true, 1], ts: 1 },
          { key: ['r2'], values: ['', -0.25, -big, false, 'two'], ts: 1 },
          { key: ['r3'], values: [null, null, null, null, null], ts: 1 },
        ]),
      );
      const result = await read(view, [['r1'], ['r2'], ['r3']]);
      expect(result.found).toEqual([true, true, true]);
      expect(result.values).toEqual([
        ['héllo "quoted"; --', '', null],
        [42, -0.25, null],
        [big, -big, null],
        [true, false, null],
        [1, 'two', null],
      ]);
    });

    it('newer wins: an older or equal (event ts, created ts) write is skipped, a newer one replaces', async () => {
      const view = makeView(['v']);
      const write = (ts: number, created: number | null | undefined, value: number) =>
        store.write(batchOf(view, [{ key: [7], values: [value], ts, created }]));
      const current = async () => (await read(view, [[7]])).values[0]![0];
      expect(await write(100, 5, 1)).toEqual({ written: 1, skipped: 0 });
      expect(await write(99, 50, 2)).toEqual({ written: 0, skipped: 1 }); // older event ts, newer created
      expect(await current()).toBe(1);
      expect(await write(100, 5, 3)).toEqual({ written: 0, skipped: 1 }); // equal
      expect(await write(100, 4, 4)).toEqual({ written: 0, skipped: 1 }); // same event ts, older created
      expect(await write(100, null, 5)).toEqual({ written: 0, skipped: 1 }); // null created sorts first
      expect(await current()).toBe(1);
      expect(await write(100, 6, 6)).toEqual({ written: 1, skipped: 0 }); // created ts breaks the tie
      expect(await current()).toBe(6);
      expect(await write(101, null, 7)).toEqual({ written: 1, skipped: 0 }); // newer event ts, no created
      expect(await current()).toBe(7);
      expect(await write(101, null, 8)).toEqual({ written: 0, skipped: 1 }); // null equals null
      expect(await write(101, 0, 9)).toEqual({ written: 1, skipped: 0 }); // any created beats null
      expect(await current()).toBe(9);
      expect((await read(view, [[7]])).eventTimestamps).toEqual([101]);
    });

    it('newer wins within one batch, whatever the order of the rows', async () => {
      const view = makeView(['v']);
      const result = await store.write(
        batchOf(view, [
          { key: [1], values: [10], ts: 5 },
          { key: [1], values: [30], ts: 7 },
          { key: [1], values: [20], ts: 6 },
          { key: [2], values: [1], ts: 1, created: 2 },
          { key: [2], values: [2], ts: 1, created: 3 },
          { key: [2], values: [3], ts: 1, created: 1 },
        ]),
      );
      expect(result).toEqual({ written: 2, skipped: 4 });
      expect((await read(view, [[1], [2]])).values).toEqual([[30, 2]]);
    });

    it(`newer wins among ${writers} concurrent writers of one entity`, async () => {
      const view = makeView(['writer']);
      const stamps = Array.from({ length: writers }, (_, i) => ((i * 7919) % writers) * 10 + 1000);
      await Promise.all(
        stamps.map((ts, writer) =>
          store.write(
            batchOf(view, [
              { key: ['hot'], values: [writer], ts },
              { key: [`own-${writer}`], values: [writer], ts },
            ]),
          ),
        ),
      );
      const newest = stamps.indexOf(Math.max(...stamps));
      const result = await read(view, [['hot'], ...stamps.map((_, writer) => [`own-${writer}`])]);
      expect(result.values[0]).toEqual([newest, ...stamps.map((_, writer) => writer)]);
      expect(result.eventTimestamps[0]).toBe(Math.max(...stamps));
    });

    it('compares keys as typed values: 1 and 1n are one key, "1" another, ("c1", 11) is not ("c11", 1)', async () => {
      const view = makeView(['v'], ['id']);
      await store.write(
        batchOf(view, [
          { key: [1], values: ['int'], ts: 1 },
          { key: ['1'], values: ['string'], ts: 1 },
          { key: [1.5], values: ['float'], ts: 1 },
          { key: [true], values: ['bool'], ts: 1 },
          { key: ['true'], values: ['string true'], ts: 1 },
          { key: [2n ** 63n - 1n], values: ['int64 max'], ts: 1 },
          { key: [0], values: ['zero'], ts: 1 },
        ]),
      );
      const result = await read(view, [
        [1n],
        [1],
        ['1'],
        [1.5],
        [true],
        ['true'],
        [false],
        [2n ** 63n - 1n],
        [-0],
        [0n],
      ]);
      expect(result.values[0]).toEqual([
        'int',
        'int',
        'string',
        'float',
        'bool',
        'string true',
        null,
        'int64 max',
        'zero',
        'zero',
      ]);
      const pair = makeView(['v'], ['customer', 'order']);
      await store.write(batchOf(pair, [{ key: ['c1', 11], values: ['c1|11'], ts: 1 }]));
      const glued = await read(pair, [
        ['c1', 11],
        ['c11', 1],
        ['c', 111],
        ['c1', 1],
      ]);
      expect(glued.found).toEqual([true, false, false, false]);
      await store.write(batchOf(pair, [{ key: ['c11', 1], values: ['c11|1'], ts: 1 }]));
      expect(
        (
          await read(pair, [
            ['c11', 1],
            ['c1', 11],
          ])
        ).values[0],
      ).toEqual(['c11|1', 'c1|11']);
    });

    it('never writes nor finds a key with a null component', async () => {
      const view = makeView(['v'], ['a', 'b']);
      const result = await store.write(
        batchOf(view, [
          { key: [1, null], values: [1], ts: 1 },
          { key: [null, 1], values: [2], ts: 1 },
          { key: [1, 1], values: [3], ts: 1 },
        ]),
      );
      expect(result).toEqual({ written: 1, skipped: 2 });
      const found = await read(view, [
        [1, null],
        [null, 1],
        [null, null],
        [1, 1],
      ]);
      expect(found.found).toEqual([false, false, false, true]);
      expect(found.values[0]).toEqual([null, null, null, 3]);
    });

    it('serves a view without entities as one row', async () => {
      const view = makeView(['total'], []);
      await store.write(batchOf(view, [{ key: [], values: [5], ts: 1 }]));
      await store.write(batchOf(view, [{ key: [], values: [4], ts: 0 }]));
      expect(await read(view, [[], []])).toEqual({
        found: [true, true],
        values: [[5, 5]],
        eventTimestamps: [1, 1],
      });
    });

    it('reads and writes feature subsets; unwritten features keep their stored values', async () => {
      const view = makeView(['a', 'b', 'c']);
      await store.write(batchOf(view, [{ key: ['e'], values: [1, 2, 3], ts: 10 }]));
      const partial = await store.write(
        batchOf(
          view,
          [
            { key: ['e'], values: [20], ts: 11 },
            { key: ['f'], values: [5], ts: 11 },
          ],
          ['b'],
        ),
      );
      expect(partial).toEqual({ written: 2, skipped: 0 });
      const result = await read(view, [['e'], ['f']], ['c', 'b']);
      expect(result).toEqual({
        found: [true, true],
        values: [
          [3, null],
          [20, 5],
        ],
        eventTimestamps: [11, 11],
      });
      const stale = await store.write(batchOf(view, [{ key: ['e'], values: [99], ts: 10 }], ['a']));
      expect(stale).toEqual({ written: 0, skipped: 1 });
      expect((await read(view, [['e']], ['a'])).values).toEqual([[1]]);
    });

    it('keeps __proto__, constructor and toString as key values, feature names and metadata keys', async () => {
      const view = makeView(['__proto__', 'constructor', 'toString'], ['__proto__']);
      await store.write(
        batchOf(view, [
          { key: ['__proto__'], values: [1, 2, 3], ts: 1 },
          { key: ['constructor'], values: [4, 5, 6], ts: 1 },
        ]),
      );
      const result = await read(view, [['constructor'], ['__proto__'], ['toString']]);
      expect(result.values).toEqual([
        [4, 1, null],
        [5, 2, null],
        [6, 3, null],
      ]);
      await store.setMeta('__proto__', 'p');
      await store.setMeta('constructor/x', 'c');
      expect(await store.getMeta('__proto__')).toBe('p');
      expect(await store.getMeta('constructor/x')).toBe('c');
      expect(await store.getMeta('toString')).toBeUndefined();
    });

    it('stores metadata; dropView removes the rows and the <view>/ entries, nothing else', async () => {
      const view = makeView(['v']);
      const other = makeView(['v']);
      expect(await store.getMeta(`${view.name}/end`)).toBeUndefined();
      await store.setMeta(`${view.name}/end`, '1000');
      await store.setMeta(`${view.name}/end`, '2000');
      await store.setMeta(`${other.name}/end`, 'kept');
      await store.setMeta(`${view.name}x`, 'kept too');
      expect(await store.getMeta(`${view.name}/end`)).toBe('2000');
      await store.write(batchOf(view, [{ key: [1], values: [1], ts: 1 }]));
      await store.write(batchOf(other, [{ key: [1], values: [2], ts: 1 }]));
      await store.dropView(view.name);
      expect(await store.getMeta(`${view.name}/end`)).toBeUndefined();
      expect(await store.getMeta(`${other.name}/end`)).toBe('kept');
      expect(await store.getMeta(`${view.name}x`)).toBe('kept too');
      expect((await read(view, [[1]])).found).toEqual([false]);
      expect((await read(other, [[1]])).values).toEqual([[2]]);
      // an older row is accepted again once the view is dropped
      await store.write(batchOf(view, [{ key: [1], values: [0], ts: 0 }]));
      expect((await read(view, [[1]])).values).toEqual([[0]]);
      await store.dropView(makeView().name); // dropping an unknown view is fine
    });

    it(`round-trips ${entities} entities written in batches, against a plain newer-wins model`, async () => {
      const view = makeView(['x', 'label']);
      const model = new Map<number, { ts: number; x: number; label: string }>();
      let seed = 12345;
      const random = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      };
      for (let round = 0; round < 3; round++) {
        const rows: Row[] = [];
        for (let i = 0; i < entities; i++) {
          const id = Math.floor(random() * entities);
          const ts = Math.floor(random() * 1000);
          const row = { key: [id], values: [random(), `l${round}-${i}`], ts };
          rows.push(row);
        }
        await store.write(batchOf(view, rows));
        for (const row of rows) {
          const id = row.key[0] as number;
          const old = model.get(id);
          if (!old || row.ts > old.ts)
            model.set(id, { ts: row.ts, x: row.values[0] as number, label: row.values[1] as string });
        }
      }
      const ids = Array.from({ length: entities + 10 }, (_, i) => i);
      const result = await read(
        view,
        ids.map((id) => [id]),
      );
      expect(result.found).toEqual(ids.map((id) => model.has(id)));
      expect(result.values[0]).toEqual(ids.map((id) => model.get(id)?.x ?? null));
      expect(result.values[1]).toEqual(ids.map((id) => model.get(id)?.label ?? null));
      expect(result.eventTimestamps).toEqual(ids.map((id) => model.get(id)?.ts ?? null));
    });

    it('writeAll, when offered, has the result of writing the batches one by one', async () => {
      if (store.writeAll === undefined) return;
      const view = makeView(['x', 'tag']);
      const other = makeView(['x', 'tag']);
      const batches = [
        batchOf(view, [
          { key: [1], values: [1, 'a'], ts: 10 },
          { key: [2], values: [2, 'b'], ts: 10 },
        ]),
        batchOf(view, [
          { key: [1], values: [3, 'c'], ts: 9 }, // older than the first batch's row: skipped
          { key: [2], values: [4, 'd'], ts: 11 },
          { key: [3], values: [5, null], ts: 1, created: 2 },
        ]),
        {
          ...batchOf(view, [{ key: [4], values: [6, 'e'], ts: 5 }]),
          values: [Float64Array.of(6), ['e']],
          eventTimestamps: Float64Array.of(5),
        },
      ];
      async function* stream() {
        yield* batches;
      }
      // a row a later batch supersedes may count as written (one by one) or skipped (merged): only the sum is fixed
      const counts = await store.writeAll(stream());
      expect(counts.written + counts.skipped).toBe(6);
      expect(counts.written).toBeGreaterThanOrEqual(4);
      for (const batch of batches) await store.write({ ...batch, view: other });
      const ids = [[1], [2], [3], [4], [5]];
      const together = await read(view, ids);
      expect(together).toEqual({
        found: [true, true, true, true, false],
        values: [
          [1, 4, 5, 6, null],
          ['a', 'd', null, 'e', null],
        ],
        eventTimestamps: [10, 11, 1, 5, null],
      });
      expect(await read(other, ids)).toEqual(together);
      expect(await store.writeAll([])).toEqual({ written: 0, skipped: 0 });
      const mixed = [
        batchOf(view, [{ key: [9], values: [1, 'z'], ts: 99 }]),
        batchOf(view, [{ key: [9], values: [2], ts: 99 }], ['x']),
      ];
      const code = await codeOf(store.writeAll(mixed));
      expect(['PLINTH_VALIDATION', 'resolved']).toContain(code);
      expect(
        await codeOf(store.writeAll([batchOf(view, [{ key: [Number.NaN], values: [1, 'z'], ts: 1 }])])),
      ).toBe('PLINTH_VALIDATION');
    });

    it('refuses bad input with PLINTH_VALIDATION before writing anything', async () => {
      const view = makeView(['v']);
      const good = { key: [1], values: [1], ts: 1 };
      const bad = (override: Partial<OnlineWriteBatch>) =>
        store.write({ ...batchOf(view, [good, good]), ...override });
      const probes: Promise<unknown>[] = [
        bad({ keys: [[1], ['a', 'b']] }),
        bad({ keys: [[1], [Number.NaN]] }),
        bad({ keys: [[1], [{} as unknown as string]] }),
        bad({ keys: [[1], undefined as unknown as []] }),
        bad({ eventTimestamps: [1, Number.NaN] }),
        bad({ eventTimestamps: [1, '2' as unknown as number] }),
        bad({ createdTimestamps: [1, Number.POSITIVE_INFINITY] }),
        bad({ values: [[1, {} as unknown as number]] }),
        bad({ values: [[1]] }),
        bad({ values: [] }),
        bad({ features: ['unknown'] }),
        bad({
          features: ['v', 'v'],
          values: [
            [1, 1],
            [1, 1],
          ],
        }),
        bad({ length: -1 }),
        bad({ length: 3 }),
        bad({ view: { ...view, name: '' } }),
        bad({ view: { ...view, name: 'a\u0000b' } }),
        bad({ view: { ...view, features: [] } }),
        bad({ view: null as unknown as OnlineViewInfo }),
        store.write(null as unknown as OnlineWriteBatch),
        store.read({ view, features: ['nope'], keys: [[1]] }),
        store.read({ view, features: ['v'], keys: [[1, 2]] }),
        store.read({ view, features: ['v'], keys: [[Number.POSITIVE_INFINITY]] }),
        store.read({ view, features: ['v'], keys: 'k' as unknown as [] }),
        store.read(undefined as unknown as Parameters<OnlineStore['read']>[0]),
        store.getMeta(''),
        store.getMeta(42 as unknown as string),
        store.setMeta('k', 7 as unknown as string),
        store.dropView(''),
      ];
      for (const probe of probes) expect(await codeOf(probe)).toBe('PLINTH_VALIDATION');
      expect((await read(view, [[1]])).found).toEqual([false]);
    });

    it('fails every call with PLINTH_CLOSED after close()', async () => {
      const closing = await makeStore();
      const view = makeView(['v']);
      await closing.write(batchOf(view, [{ key: [1], values: [1], ts: 1 }]));
      await closing.close();
      await closing.close(); // idempotent
      expect(await codeOf(closing.write(batchOf(view, [{ key: [1], values: [1], ts: 2 }])))).toBe(
        'PLINTH_CLOSED',
      );
      expect(await codeOf(closing.read({ view, features: ['v'], keys: [[1]] }))).toBe('PLINTH_CLOSED');
      if (closing.readMany) {
        expect(await codeOf(closing.readMany([{ view, features: ['v'], keys: [[1]] }]))).toBe(
          'PLINTH_CLOSED',
        );
      }
      expect(await codeOf(closing.getMeta('k'))).toBe('PLINTH_CLOSED');
      expect(await codeOf(closing.setMeta('k', 'v'))).toBe('PLINTH_CLOSED');
      expect(await codeOf(closing.dropView(view.name))).toBe('PLINTH_CLOSED');
      await store.dropView(view.name);
      await options.destroy?.(closing);
    });
  });
}
