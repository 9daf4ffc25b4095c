import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { PLINTH_ERROR_CODES } from './codes.ts';
import { fromZodError, parseOrThrow } from './from-zod.ts';
import { PlinthError, plinthError } from './plinth-error.ts';

describe('PlinthError', () => {
  it('prefixes the component, keeps code, cause and details', () => {
    const cause = new Error('disk full');
    const error = new PlinthError({
      code: 'PLINTH_STORAGE',
      component: 'storage:fs',
      message: 'could not write "a"; free some space',
      cause,
      details: { key: 'a' },
    });
    expect(error.message).toBe('[plinth:storage:fs] could not write "a"; free some space');
    expect(error.code).toBe('PLINTH_STORAGE');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ key: 'a' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PlinthError');
  });

  it('is recognised by marker, with or without a code, and rejects look-alikes', () => {
    const error = plinthError('PLINTH_NOT_FOUND', 'registry', 'no model "x"');
    expect(PlinthError.is(error)).toBe(true);
    expect(PlinthError.is(error, 'PLINTH_NOT_FOUND')).toBe(true);
    expect(PlinthError.is(error, 'PLINTH_CONFLICT')).toBe(false);
    expect(PlinthError.is({ code: 'PLINTH_NOT_FOUND', message: 'x' })).toBe(false);
    expect(PlinthError.is(new Error('x'))).toBe(false);
    expect(PlinthError.is(null)).toBe(false);
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('plinth.error')]: true,
      code: 'PLINTH_TIMEOUT',
    });
    expect(PlinthError.is(foreign, 'PLINTH_TIMEOUT')).toBe(true);
  });

  it('has the codes the issue names, each a distinct string', () => {
    const codes = Object.values(PLINTH_ERROR_CODES);
    for (const code of [
      'PLINTH_VALIDATION',
      'PLINTH_NOT_FOUND',
      'PLINTH_CONFLICT',
      'PLINTH_INTEGRITY',
      'PLINTH_STORAGE',
      'PLINTH_READ_ONLY',
      'PLINTH_UNSUPPORTED_RUNTIME',
      'PLINTH_TIMEOUT',
    ]) {
      expect(codes).toContain(code);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('fromZodError', () => {
  const schema = z.object({
    name: z.string().check(z.minLength(1)),
    tags: z.record(z.string(), z.string()),
    n: z.number(),
  });

  it('lists every offending path in the message and in details', () => {
    const parsed = schema.safeParse({ name: '', tags: { team: 3 }, n: 'x' });
    expect(parsed.success).toBe(false);
    const error = fromZodError(parsed.error!, { component: 'tracking', subject: 'run options' });
    expect(error.code).toBe('PLINTH_VALIDATION');
    expect(error.message).toMatch(/^\[plinth:tracking\] invalid run options: /);
    const paths = (error.details!.issues as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['n', 'name', 'tags.team']);
    expect(error.message).toContain('tags.team:');
    expect(error.cause).toBe(parsed.error);
  });

  it('parseOrThrow returns parsed data or throws PLINTH_VALIDATION', () => {
    expect(parseOrThrow(schema, { name: 'a', tags: {}, n: 1 }, { component: 'c', subject: 's' })).toEqual({
      name: 'a',
      tags: {},
      n: 1,
    });
    expect(() => parseOrThrow(schema, {}, { component: 'c', subject: 's' })).toThrow(/invalid s/);
  });

  it('words mini issues without a zod locale, naming what was received', () => {
    const strict = z.strictObject({
      name: z.string(),
      size: z.int().check(z.minimum(1), z.maximum(10)),
      list: z.array(z.string()).check(z.maxLength(1)),
      kind: z.enum(['a', 'b']),
      when: z.union([z.number(), z.string()]),
      code: z.string().check(z.regex(/^x+$/)),
    });
    const error = (() => {
      try {
        parseOrThrow(
          strict,
          { name: 3, size: 0, list: ['a', 'b'], kind: 'c', when: null, code: 'y', extra: 1 },
          { component: 'c', subject: 'options' },
        );
      } catch (caught) {
        return caught as PlinthError;
      }
      throw new Error('expected a failure');
    })();
    const messages = Object.fromEntries(
      (error.details!.issues as { path: string; message: string }[]).map((issue) => [
        issue.path,
        issue.message,
      ]),
    );
    expect(messages).toEqual({
      name: 'expected string, received number',
      size: 'must be at least 1',
      list: 'must have at most 1 item',
      kind: 'must be one of "a", "b"',
      when: 'expected number | string, received null',
      code: 'must match /^x+$/',
      '': 'unknown option "extra"',
    });
    expect(() => parseOrThrow(z.number(), Number.NaN, { component: 'c', subject: 'n' })).toThrow(
      'n: (value): expected number, received NaN',
    );
  });
});
