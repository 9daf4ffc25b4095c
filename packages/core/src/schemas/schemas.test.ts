import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '../errors/from-zod.ts';
import { PlinthError } from '../errors/plinth-error.ts';
import { DatasetRefSchema } from './dataset.ts';
import { KeySchema, NameSchema, RelativePathSchema } from './names.ts';
import { DimensionSchema, SignatureSchema } from './signature.ts';
import { TagsSchema } from './tags.ts';
import { TimestampSchema, toEpochMs } from './timestamp.ts';

describe('names and keys', () => {
  it('accepts ordinary names and rejects path tricks, control characters and overlong names', () => {
    for (const name of ['fraud', 'fraud-detector_v2', 'Kredit Modell', 'モデル', 'a:b.c']) {
      expect(NameSchema.safeParse(name).success, name).toBe(true);
    }
    for (const name of [
      '',
      '/abs',
      '../x',
      'a..b',
      '.hidden',
      'tab\there',
      'nul\u0000',
      'x'.repeat(257),
      'a/b',
    ]) {
      expect(NameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });

  it('keys follow MLflow: 250 chars of [/\\w.\\- :], relative, no dot segments', () => {
    for (const key of ['loss', 'val/loss', 'metric.with.dots', 'a b:c-d', 'x'.repeat(250)]) {
      expect(KeySchema.safeParse(key).success, key).toBe(true);
    }
    for (const key of [
      '',
      '/loss',
      'a/../b',
      'a//b',
      '..',
      './a',
      'a/',
      'x'.repeat(251),
      'naïve',
      'a\\b',
      'a$',
    ]) {
      expect(KeySchema.safeParse(key).success, key).toBe(false);
    }
  });

  it('relative paths allow any script but no traversal or control characters', () => {
    expect(RelativePathSchema.safeParse('plots/roc 曲线.svg').success).toBe(true);
    for (const bad of ['/etc/passwd', 'a/../../b', 'a\\b', 'a\u0007b', '', 'a//b']) {
      expect(RelativePathSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('timestamps', () => {
  it('reads Date, epoch ms and ISO strings as UTC milliseconds; naive strings mean UTC', () => {
    const expected = Date.UTC(2024, 4, 1, 12, 0, 0);
    expect(TimestampSchema.parse(new Date(expected))).toBe(expected);
    expect(TimestampSchema.parse(expected)).toBe(expected);
    expect(TimestampSchema.parse('2024-05-01T12:00:00Z')).toBe(expected);
    expect(TimestampSchema.parse('2024-05-01T12:00:00')).toBe(expected);
    expect(TimestampSchema.parse('2024-05-01 12:00:00')).toBe(expected);
    expect(TimestampSchema.parse('2024-05-01T14:00:00+02:00')).toBe(expected);
    expect(TimestampSchema.parse('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(TimestampSchema.parse('2024-05-01T12:00:00.123456Z')).toBe(expected + 123);
    expect(toEpochMs(1.9)).toBe(1);
  });

  it('rejects what is not a moment', () => {
    for (const bad of [
      'yesterday',
      '2024-13-45T00:00:00Z',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      new Date('x'),
      '',
    ]) {
      expect(TimestampSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});

describe('tags, datasets, signatures', () => {
  it('limits tag values to 8000 characters without cutting them', () => {
    expect(TagsSchema.safeParse({ note: 'x'.repeat(8000) }).success).toBe(true);
    const tooLong = TagsSchema.safeParse({ note: 'x'.repeat(8001) });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.path).toEqual(['note']);
  });

  it('validates dataset references and signatures with dynamic dimensions', () => {
    expect(
      DatasetRefSchema.parse({ name: 'train', digest: 'sha256:ab', source: { type: 's3', uri: 's3://b/k' } })
        .name,
    ).toBe('train');
    expect(DatasetRefSchema.safeParse({ name: 'train' }).success).toBe(false);
    const signature = SignatureSchema.parse({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 32] }],
    });
    expect(signature.outputs).toEqual([]);
    expect(
      SignatureSchema.safeParse({ inputs: [{ name: 'x', dtype: 'float32', shape: [-2] }] }).success,
    ).toBe(false);
    expect(SignatureSchema.safeParse({ inputs: [{ name: 'x', dtype: 'complex', shape: [1] }] }).success).toBe(
      false,
    );
  });
});

describe('messages of the mini schemas, with no zod locale loaded', () => {
  const messageOf = (schema: Parameters<typeof parseOrThrow>[0], value: unknown): string => {
    try {
      parseOrThrow(schema, value, { component: 'test', subject: 'input' });
    } catch (error) {
      expect(PlinthError.is(error, 'PLINTH_VALIDATION')).toBe(true);
      return (error as Error).message;
    }
    throw new Error(`${JSON.stringify(value)} was accepted`);
  };

  it('name the field, what was wrong and what was received', () => {
    expect(messageOf(NameSchema, 42)).toBe(
      '[plinth:test] invalid input: (value): expected string, received number; fix these fields and retry',
    );
    expect(messageOf(NameSchema, 'a..b')).toContain('(value): must not contain ".."');
    expect(messageOf(KeySchema, 'x'.repeat(251))).toContain('must be at most 250 characters');
    expect(messageOf(TagsSchema, { team: 3 })).toContain('team: expected string, received number');
    expect(messageOf(TagsSchema, { 'bad key!': 'x' })).toContain('bad key!');
    expect(messageOf(TimestampSchema, 'yesterday')).toContain(
      'must be a Date, finite epoch milliseconds, or an ISO 8601 string',
    );
    expect(messageOf(TimestampSchema, null)).toContain('expected date | number | string, received null');
    expect(messageOf(DimensionSchema, 1.5)).toContain('expected int, received number');
    expect(messageOf(DimensionSchema, -2)).toContain('must be -1 (dynamic) or a size ≥ 0');
    expect(messageOf(SignatureSchema, { inputs: [{ name: 'x', dtype: 'float32', shape: [-2] }] })).toContain(
      'inputs.0',
    );
    expect(messageOf(DatasetRefSchema, { name: 'train', digest: '', rows: -1 })).toMatch(
      /digest: must not be empty; rows: must be at least 0/,
    );
  });
});
