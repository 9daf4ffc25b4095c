import { PlinthError } from '@plinth/core';
import { describe, expect, it } from 'vitest';
import {
  defineEntity,
  defineFeatureService,
  defineFeatureView,
  defineOnDemandFeatureView,
  fileSource,
  parseTtl,
} from '../src/index.ts';

const code = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return PlinthError.is(error) ? error.code : 'not a PlinthError';
  }
  return 'no error';
};

const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
const source = fileSource({
  path: 'stats.parquet',
  timestampField: 'event_timestamp',
  createdTimestampField: 'created',
});

describe('ttl', () => {
  it.each([
    ['1d', 86_400_000],
    ['12h', 43_200_000],
    ['30m', 1_800_000],
    ['10s', 10_000],
    ['500ms', 500],
    [90, 90_000],
    [0, null],
    [null, null],
    [undefined, null],
  ])('%s → %s ms', (ttl, ms) => {
    expect(parseTtl(ttl)).toBe(ms);
  });
  it.each([[-1], ['1y'], ['d'], [Number.NaN], [Number.POSITIVE_INFINITY], ['1d; DROP'], [{}]])(
    '%s is refused',
    (ttl) => {
      expect(code(() => parseTtl(ttl))).toBe('PLINTH_VALIDATION');
    },
  );
});

describe('feature views', () => {
  const view = defineFeatureView({
    name: 'driver_stats',
    entities: [driver],
    ttl: '1d',
    source,
    features: { conv_rate: 'float64', trips: 'int64' },
  });

  it('keeps definitions frozen and ordered', () => {
    expect(view.ttlMs).toBe(86_400_000);
    expect(view.joinKeys).toEqual(['driver_id']);
    expect(view.features.map((feature) => feature.name)).toEqual(['conv_rate', 'trips']);
    expect(Object.isFrozen(view)).toBe(true);
  });

  it('withJoinKeyMap and withName make new views', () => {
    const origin = view.withJoinKeyMap({ driver_id: 'origin_id' }).withName('origin_stats');
    expect(origin.name).toBe('origin_stats');
    expect(origin.entityColumns).toEqual(['origin_id']);
    expect(origin.joinKeys).toEqual(['driver_id']);
    expect(view.entityColumns).toEqual(['driver_id']);
    expect(code(() => view.withJoinKeyMap({ nope: 'x' }))).toBe('PLINTH_VALIDATION');
    expect(code(() => view.withName('a__b'))).toBe('PLINTH_VALIDATION');
  });

  it('refuses bad definitions', () => {
    expect(code(() => defineFeatureView({ name: 'v', source, features: {} }))).toBe('PLINTH_VALIDATION');
    expect(code(() => defineFeatureView({ name: 'v', source, features: { x: 'int128' as never } }))).toBe(
      'PLINTH_VALIDATION',
    );
    expect(code(() => defineFeatureView({ name: 'v', source, features: { created: 'int64' } }))).toBe(
      'PLINTH_VALIDATION',
    );
    expect(
      code(() =>
        defineFeatureView({ name: 'v', entities: [driver], source, features: { driver_id: 'int64' } }),
      ),
    ).toBe('PLINTH_VALIDATION');
    expect(
      code(() => defineFeatureView({ name: 'v', source: { path: 'x' } as never, features: { x: 'int64' } })),
    ).toBe('PLINTH_VALIDATION');
    expect(
      code(() => defineFeatureView({ name: 'v', source, features: { x: 'int64' }, extra: 1 } as never)),
    ).toBe('PLINTH_VALIDATION');
    expect(code(() => defineFeatureView(null as never))).toBe('PLINTH_VALIDATION');
  });
});

describe('sources', () => {
  it('infers the format and requires typed columns for CSV', () => {
    expect(fileSource({ path: 'data/*.parquet', timestampField: 'ts' }).format).toBe('parquet');
    expect(code(() => fileSource({ path: 'data.csv', timestampField: 'ts' }))).toBe('PLINTH_VALIDATION');
    expect(fileSource({ path: 'data.csv', timestampField: 'ts', columns: { x: 'int64' } }).format).toBe(
      'csv',
    );
    expect(code(() => fileSource({ path: 'data.json', timestampField: 'ts' }))).toBe('PLINTH_VALIDATION');
    expect(
      code(() => fileSource({ path: 'a.csv', timestampField: 'ts', columns: { x: 'decimal' as never } })),
    ).toBe('PLINTH_VALIDATION');
  });
});

describe('on-demand views and services', () => {
  const view = defineFeatureView({
    name: 'driver_stats',
    entities: [driver],
    source,
    features: { conv_rate: 'float64' },
  });
  it('validates', () => {
    expect(
      code(() => defineOnDemandFeatureView({ name: 'o', features: { x: 'float64' }, transform: () => ({}) })),
    ).toBe('PLINTH_VALIDATION');
    expect(
      code(() =>
        defineOnDemandFeatureView({
          name: 'o',
          sources: [view],
          features: { x: 'float64' },
          transform: 1 as never,
        }),
      ),
    ).toBe('PLINTH_VALIDATION');
    const odfv = defineOnDemandFeatureView({
      name: 'o',
      sources: [view],
      features: { x: 'float64' },
      transform: () => ({ x: 1 }),
    });
    const service = defineFeatureService({
      name: 'svc',
      features: [view, odfv, 'other:f', { view: 'third', features: ['a', 'b'] }],
    });
    expect(service.features).toEqual(['driver_stats:conv_rate', 'o:x', 'other:f', 'third:a', 'third:b']);
    expect(code(() => defineFeatureService({ name: 'svc', features: ['a:b', 'a:b'] }))).toBe(
      'PLINTH_VALIDATION',
    );
    expect(code(() => defineFeatureService({ name: 'svc', features: [] }))).toBe('PLINTH_VALIDATION');
  });
});
