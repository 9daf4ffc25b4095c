import { describe, expect, it } from 'vitest';
import { DatasetRefSchema } from './dataset.ts';
import { KeySchema, NameSchema, RelativePathSchema } from './names.ts';
import { SignatureSchema } from './signature.ts';
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
