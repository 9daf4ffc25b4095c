import { manualClock } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import { defineEntity } from '../definitions/entity.ts';
import { defineFeatureView } from '../definitions/feature-view.ts';
import { fileSource } from '../definitions/source.ts';
import type { OnlineReadRequest, OnlineReadResult, OnlineStore } from '../online/port.ts';
import { createFeatureStore } from './create-feature-store.ts';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
const source = fileSource({ path: 'unused.parquet', timestampField: 'ts' });
const stats = defineFeatureView({
  name: 'stats',
  entities: [driver],
  ttl: '1d',
  source,
  features: { rate: 'float64', seen: 'timestamp', note: 'string' },
});
const more = defineFeatureView({ name: 'more', entities: [driver], source, features: { trips: 'int64' } });
const rider = defineFeatureView({
  name: 'rider',
  entities: [defineEntity({ name: 'rider', joinKeys: ['rider_id'] })],
  source,
  features: { score: 'float64' },
});

/** A read-only store answering `answer(request)` for each request, and remembering the requests. */
function fakeStore(answer: (request: OnlineReadRequest) => OnlineReadResult) {
  const requests: OnlineReadRequest[] = [];
  const unused = () => Promise.reject(new Error('not in this test'));
  const store: OnlineStore = {
    kind: 'fake',
    write: unused,
    read: async (request) => {
      requests.push(request);
      return answer(request);
    },
    readMany: async (many) => {
      requests.push(...many);
      return many.map(answer);
    },
    getMeta: unused,
    setMeta: unused,
    dropView: unused,
    close: async () => {},
  };
  return { store, requests };
}

describe('getOnlineFeatures over a store', () => {
  it('copies columns a store froze or shared, nulls rows outside max age, makes Dates, and leaves the store arrays be', async () => {
    const shared = Object.freeze([null, null, null, null]);
    const rates = [0.5, 0.25, 0.125, null];
    const { store } = fakeStore((request) =>
      request.view.name === 'stats'
        ? {
            found: [true, true, false, true],
            // row 1 is older than the 1d ttl at NOW
            eventTimestamps: [NOW - 1000, NOW - 2 * DAY, null, NOW],
            values: [rates, Object.freeze([NOW - 5, NOW - 6, null, null]), shared],
          }
        : { found: [true, true, true, true], eventTimestamps: [1, 2, 3, 4], values: [shared] },
    );
    const features = await createFeatureStore({
      views: [stats, more],
      online: store,
      clock: manualClock(NOW),
    });
    const result = await features.getOnlineFeatures({
      features: ['stats:rate', 'stats:seen', 'stats:note', 'more:trips'],
      entityRows: [1, 2, 3, 4].map((driver_id) => ({ driver_id })),
    });
    expect(result.names).toEqual(['driver_id', 'rate', 'seen', 'note', 'trips']);
    expect(result.columns.rate).toEqual([0.5, null, null, null]);
    expect(result.statuses.rate).toEqual(['present', 'outside_max_age', 'not_found', 'null_value']);
    expect(result.columns.seen).toEqual([new Date(NOW - 5), null, null, null]);
    expect(result.statuses.seen).toEqual(['present', 'outside_max_age', 'not_found', 'null_value']);
    expect(result.statuses.note).toEqual(['null_value', 'outside_max_age', 'not_found', 'null_value']);
    expect(result.statuses.trips).toEqual(['null_value', 'null_value', 'null_value', 'null_value']);
    expect(result.eventTimestamps.rate).toEqual([NOW - 1000, NOW - 2 * DAY, null, NOW]);
    expect(result.eventTimestamps.trips).toEqual([1, 2, 3, 4]);
    const columns = ['rate', 'seen', 'note', 'trips'];
    for (const kind of [result.columns, result.statuses, result.eventTimestamps]) {
      const arrays = columns.map((name) => kind[name]);
      expect(new Set(arrays).size).toBe(columns.length);
    }
    expect(result.columns.note).not.toBe(shared);
    expect(shared).toEqual([null, null, null, null]);
  });

  it('reads the keys of views with the same entity columns once, checks them before reading, and fails on bad ones', async () => {
    const { store, requests } = fakeStore((request) => ({
      found: request.keys.map(() => false),
      eventTimestamps: request.keys.map(() => null),
      values: request.features.map(() => request.keys.map(() => null)),
    }));
    const features = await createFeatureStore({ views: [stats, more, rider], online: store });
    const result = await features.getOnlineFeatures({
      features: ['stats:rate', 'more:trips', 'rider:score'],
      entityRows: [
        { driver_id: 1, rider_id: 'a' },
        { driver_id: null, rider_id: 'b' },
      ],
    });
    expect(result.statuses.score).toEqual(['not_found', 'not_found']);
    expect(requests.map((request) => request.keys)).toEqual([
      [[1], [null]],
      [[1], [null]],
      [['a'], ['b']],
    ]);
    expect(requests[1]!.keys).toBe(requests[0]!.keys);
    await expect(
      features.getOnlineFeatures({
        features: ['stats:rate', 'rider:score'],
        entityRows: [{ driver_id: 1, rider_id: {} }],
      }),
    ).rejects.toMatchObject({ code: 'PLINTH_VALIDATION' });
    expect(requests).toHaveLength(3);
  });
});
