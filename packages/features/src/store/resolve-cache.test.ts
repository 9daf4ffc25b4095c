import { describe, expect, it } from 'vitest';
import { defineEntity } from '../definitions/entity.ts';
import { defineFeatureView } from '../definitions/feature-view.ts';
import { defineFeatureService } from '../definitions/service.ts';
import { fileSource } from '../definitions/source.ts';
import type { Catalog } from './resolve.ts';
import { resolveCache } from './resolve-cache.ts';

const driver = defineEntity({ name: 'driver', joinKeys: ['driver_id'] });
const stats = defineFeatureView({
  name: 'stats',
  entities: [driver],
  source: fileSource({ path: 'stats.parquet', timestampField: 'ts' }),
  features: { rate: 'float64', trips: 'int64' },
});
const catalog: Catalog = { views: new Map([['stats', stats]]), onDemand: new Map() };
const outputs = (resolved: { outputs: readonly { name: string }[] }) => resolved.outputs.map((o) => o.name);

describe('resolveCache', () => {
  it('answers a list of references by its content: a new array with the same refs, the same answer', () => {
    const resolve = resolveCache(catalog);
    const first = resolve(['stats:rate', 'stats:trips'], false);
    expect(outputs(first)).toEqual(['rate', 'trips']);
    expect(resolve(['stats:rate', 'stats:trips'], false)).toBe(first);
    expect(outputs(resolve(['stats:rate', 'stats:trips'], true))).toEqual(['stats__rate', 'stats__trips']);
    expect(outputs(resolve(['stats:trips'], false))).toEqual(['trips']);
  });

  it('follows a list changed in place between calls', () => {
    const resolve = resolveCache(catalog);
    const refs = ['stats:rate'];
    expect(outputs(resolve(refs, false))).toEqual(['rate']);
    refs[0] = 'stats:trips';
    expect(outputs(resolve(refs, false))).toEqual(['trips']);
  });

  it('remembers feature services and frozen lists by identity', () => {
    const resolve = resolveCache(catalog);
    const service = defineFeatureService({ name: 'ranking', features: ['stats:trips', 'stats:rate'] });
    const answer = resolve(service, true);
    expect(outputs(answer)).toEqual(['stats__trips', 'stats__rate']);
    expect(resolve(service, true)).toBe(answer);
    const frozen = Object.freeze(['stats:rate']);
    expect(resolve(frozen, false)).toBe(resolve(frozen, false));
  });

  it('never remembers a failure: a bad request fails on every call', () => {
    const resolve = resolveCache(catalog);
    for (let i = 0; i < 2; i++) {
      expect(() => resolve(['stats:speed'], false)).toThrow(
        expect.objectContaining({ code: 'PLINTH_NOT_FOUND' }),
      );
      expect(() => resolve(Object.freeze(['stats:rate', 'stats:rate']), false)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
      expect(() => resolve(['stats:rate', 7], false)).toThrow(
        expect.objectContaining({ code: 'PLINTH_VALIDATION' }),
      );
    }
  });
});
