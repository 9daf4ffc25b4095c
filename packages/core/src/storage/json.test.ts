import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { documentStore } from './documents.ts';
import { decodeJson, encodeJson } from './json.ts';
import { memoryStorage } from './memory.ts';

const RUNS = Number(process.env.PLINTH_FUZZ_RUNS ?? 500);
const SEED = Number(process.env.PLINTH_FUZZ_SEED ?? 20_261_202);

/** Strict structural equality written for this test: numbers by Object.is (NaN = NaN, -0 ≠ 0), own keys only. */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

const trickyKey = fc.constantFrom(
  '$plinth:number',
  '$$plinth:number',
  '$$$plinth:number',
  '$plinth:numbers',
  'plinth:number',
  '$plinth:object',
  '__proto__',
  'constructor',
  'toString',
  '',
);
const trickyString = fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '0', 'hello', '$plinth:number');
const leaf = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  trickyString,
  fc.boolean(),
  fc.constant(null),
);
/** JSON values with NaN, ±Infinity and -0 anywhere, and objects built to look like the number marker. */
const { value: jsonWithSpecials } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(trickyKey, fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 4 }),
    // single-key objects whose key is the marker or an escaped marker, holding anything
    fc
      .tuple(trickyKey, tie('value'))
      .map(([key, inner]) => Object.defineProperty({}, key, { value: inner, enumerable: true })),
  ),
}));

describe('encodeJson / decodeJson', () => {
  it('keeps NaN, ±Infinity and -0 through JSON', () => {
    const value = { a: Number.NaN, b: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5], c: -0 };
    const back = decodeJson(encodeJson(value)) as typeof value;
    expect(back.a).toBeNaN();
    expect(back.b).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5]);
    expect(Object.is(back.c, -0)).toBe(true);
  });

  it('reads a user object shaped like the marker back as that object, not as NaN (issue 9 probe)', () => {
    const value = { inputExample: { '$plinth:number': 'hello' }, other: { '$plinth:number': 'NaN' } };
    const text = new TextDecoder().decode(encodeJson(value));
    expect(text).toBe('{"inputExample":{"$$plinth:number":"hello"},"other":{"$$plinth:number":"NaN"}}');
    expect(decodeJson(encodeJson(value))).toEqual(value);
  });

  it('writes the special numbers the way earlier versions read them', () => {
    const text = new TextDecoder().decode(
      encodeJson([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]),
    );
    expect(text).toBe(
      '[{"$plinth:number":"NaN"},{"$plinth:number":"Infinity"},{"$plinth:number":"-Infinity"},{"$plinth:number":"-0"}]',
    );
    // the reader of earlier versions: Number() of the spelling
    const earlier = JSON.parse(text, (_key, value) =>
      value && typeof value === 'object' && typeof value['$plinth:number'] === 'string'
        ? Number(value['$plinth:number'])
        : value,
    );
    expect(sameJson(earlier, [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0])).toBe(
      true,
    );
  });

  it('reads documents written by the earlier encoding', () => {
    const old =
      '{"loss":{"$plinth:number":"NaN"},"max":{"$plinth:number":"-Infinity"},"note":{"$plinth:number":"hello"},"both":{"$plinth:number":"NaN","x":1}}';
    const back = decodeJson(new TextEncoder().encode(old));
    expect(
      sameJson(back, {
        loss: Number.NaN,
        max: Number.NEGATIVE_INFINITY,
        note: { '$plinth:number': 'hello' },
        both: { '$plinth:number': 'NaN', x: 1 },
      }),
    ).toBe(true);
  });

  it('round-trips every JSON value with special numbers exactly (property)', () => {
    fc.assert(
      fc.property(jsonWithSpecials, (value) => {
        const back = decodeJson(encodeJson(value));
        if (!sameJson(back, value)) {
          throw new Error(`${new TextDecoder().decode(encodeJson(value))} read back differently`);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('the comparator above tells these values apart (so the property can fail)', () => {
    expect(sameJson(0, -0)).toBe(false);
    expect(sameJson(Number.NaN, Number.NaN)).toBe(true);
    expect(sameJson({ '$plinth:number': 'hello' }, Number.NaN)).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
  });

  it('a document store hands back a marker-shaped value exactly as it was put', async () => {
    const docs = documentStore(memoryStorage());
    const Doc = z.object({ inputExample: z.unknown() });
    await docs.put('doc', { inputExample: { '$plinth:number': 'hello' } });
    expect((await docs.get('doc', Doc))?.value).toEqual({ inputExample: { '$plinth:number': 'hello' } });
  });
});
