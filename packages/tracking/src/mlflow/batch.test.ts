import { describe, expect, it } from 'vitest';
import { chunkLogBatch, MLFLOW_LOG_BATCH_LIMITS } from './batch.ts';

const shape = (bodies: ReturnType<typeof chunkLogBatch>) =>
  bodies.map((body) => [body.metrics?.length ?? 0, body.params?.length ?? 0, body.tags?.length ?? 0]);
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe('chunkLogBatch', () => {
  it('keeps every count limit: 1000 metrics, 100 params, 100 tags, 1000 items', () => {
    const metrics = Array.from({ length: 2500 }, (_, step) => ({
      key: 'loss',
      value: step,
      timestamp: 1,
      step,
    }));
    const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: 'v' }));
    const tags = Array.from({ length: 150 }, (_, i) => ({ key: `t${i}`, value: 'v' }));
    const bodies = chunkLogBatch('r', { metrics, params, tags });
    // by hand: params 100 | 100 | 50 (+100 tags, 150 items) | 50 tags + 950 metrics (1000 items) | 1000 | 550
    expect(shape(bodies)).toEqual([
      [0, 100, 0],
      [0, 100, 0],
      [0, 50, 100],
      [950, 0, 50],
      [1000, 0, 0],
      [550, 0, 0],
    ]);
    expect(bodies.flatMap((body) => body.metrics ?? [])).toEqual(metrics);
    expect(bodies.flatMap((body) => body.params ?? [])).toEqual(params);
    expect(bodies.flatMap((body) => body.tags ?? [])).toEqual(tags);
    expect(bodies.every((body) => body.run_id === 'r')).toBe(true);
  });

  it('keeps a body within 1,000,000 bytes', () => {
    const params = Array.from({ length: 100 }, (_, i) => ({
      key: `p${String(i).padStart(2, '0')}`,
      value: 'x'.repeat(6000),
    }));
    const tags = Array.from({ length: 100 }, (_, i) => ({
      key: `t${String(i).padStart(2, '0')}`,
      value: 'y'.repeat(8000),
    }));
    const bodies = chunkLogBatch('r', { metrics: [], params, tags });
    // by hand: a param is {"key":"pNN","value":"…"} = 6024 bytes, a tag 8024, each plus a comma; the empty
    // body {"run_id":"r","metrics":[],"params":[],"tags":[]} is 49: 49 + 100 · 6025 = 602,549, and
    // (1,000,000 − 602,549) / 8025 = 49.5, so 49 tags fit with the params and 51 go next.
    expect(shape(bodies)).toEqual([
      [0, 100, 49],
      [0, 0, 51],
    ]);
    expect(bytes(bodies[0])).toBeLessThanOrEqual(MLFLOW_LOG_BATCH_LIMITS.bytes);
    expect(bytes(bodies[0]) + bytes(tags[49]) + 1).toBeGreaterThan(MLFLOW_LOG_BATCH_LIMITS.bytes);
  });

  it('puts a repeated param or tag key into the next body (MLflow refuses duplicates in one batch)', () => {
    const bodies = chunkLogBatch('r', {
      metrics: [],
      params: [
        { key: 'a', value: '1' },
        { key: 'a', value: '1' },
      ],
      tags: [
        { key: 't', value: 'old' },
        { key: 't', value: 'new' },
      ],
    });
    expect(bodies).toEqual([
      { run_id: 'r', params: [{ key: 'a', value: '1' }] },
      { run_id: 'r', params: [{ key: 'a', value: '1' }], tags: [{ key: 't', value: 'old' }] },
      { run_id: 'r', tags: [{ key: 't', value: 'new' }] },
    ]);
  });

  it('sends nothing for nothing', () => {
    expect(chunkLogBatch('r', { metrics: [], params: [], tags: [] })).toEqual([]);
  });
});
