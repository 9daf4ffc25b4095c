import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OnlineValue } from '../port.ts';
import { rowReader } from './row-reader.ts';
import { decodeValue, encodeValue, taggedJson } from './values.ts';

/** A stored row as the store's write path spells it: `<ts>;<created>;["<tagged>",…]`, with its header names. */
const stored = (fields: readonly (readonly [string, OnlineValue])[]) => ({
  text: `1700000000000;;[${fields.map(([, value]) => JSON.stringify(encodeValue(value))).join(',')}]`,
  names: fields.map(([name]) => name),
});
const bodyStart = (text: string) => text.indexOf(';', text.indexOf(';') + 1) + 1;

/** Reads one row; `undefined` marks a requested feature the row does not hold. */
function read(text: string, features: readonly string[], names: readonly string[]) {
  const values: OnlineValue[][] = features.map(() => [undefined as unknown as OnlineValue]);
  rowReader(features, names)(text, bodyStart(text), values, 0);
  return values.map((column) => column[0]);
}

describe('rowReader', () => {
  const view = ['rate', 'trips', 'name', 'big', 'flag', 'off', 'missing'];

  it('reads every value type of a row, only the requested features, in request order', () => {
    const { text, names } = stored([
      ['rate', 0.125],
      ['trips', -3],
      ['name', 'a;b:c'],
      ['big', 9007199254740993n],
      ['flag', true],
      ['off', false],
    ]);
    expect(text).toBe('1700000000000;;["n0.125","n-3","sa;b:c","i9007199254740993","t","f"]');
    expect(read(text, view, names)).toEqual([0.125, -3, 'a;b:c', 9007199254740993n, true, false, undefined]);
    expect(read(text, ['off', 'rate'], names)).toEqual([false, 0.125]);
    // a shorter row (written before its bucket's header grew): the later names are absent
    expect(read('5;;["n1"]', ['rate', 'trips'], ['rate', 'trips'])).toEqual([1, undefined]);
  });

  it('reads nulls, -0, NaN and infinities', () => {
    const { text, names } = stored([
      ['a', null],
      ['b', -0],
      ['c', Number.NaN],
      ['d', -Infinity],
    ]);
    const [a, b, c, d] = read(text, ['a', 'b', 'c', 'd'], names);
    expect(a).toBe(null);
    expect(Object.is(b, -0)).toBe(true);
    expect(Number.isNaN(c)).toBe(true);
    expect(d).toBe(-Infinity);
  });

  it("reads DuckDB's spellings of the specials, as rows built in SQL hold them", () => {
    const text = '1;;["nnan","ninf","n-inf","n-0.0","n1e+300"]';
    const [a, b, c, d, e] = read(text, ['a', 'b', 'c', 'd', 'e'], ['a', 'b', 'c', 'd', 'e']);
    expect(Number.isNaN(a)).toBe(true);
    expect(b).toBe(Infinity);
    expect(c).toBe(-Infinity);
    expect(Object.is(d, -0)).toBe(true);
    expect(e).toBe(1e300);
    expect(decodeValue('ninf')).toBe(Infinity);
    expect(decodeValue('n-inf')).toBe(-Infinity);
    expect(Number.isNaN(decodeValue('nnan'))).toBe(true);
  });

  it('taggedJson is JSON.stringify of encodeValue, for every value type', () => {
    const value = fc.oneof(
      fc.double(),
      fc.bigInt(),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(-0, Number.NaN, Infinity, -Infinity, 1e21, 5e-324),
    );
    fc.assert(
      fc.property(value, (v) => {
        expect(taggedJson(v)).toBe(JSON.stringify(encodeValue(v)));
      }),
      { numRuns: 2000 },
    );
    expect(taggedJson(undefined)).toBe('"z"');
  });

  it('reads a header in another order than the request, __proto__ included', () => {
    const { text, names } = stored([
      ['trips', 7],
      ['__proto__', 'p'],
      ['rate', 0.5],
    ]);
    expect(read(text, ['rate', '__proto__', 'trips'], names)).toEqual([0.5, 'p', 7]);
  });

  it('reads rows with escapes through JSON: quotes and backslashes in values, cjson\'s "\\/"', () => {
    const { text, names } = stored([
      ['say "hi"', 'back\\slash "quoted"'],
      ['plain', 1],
    ]);
    expect(read(text, ['plain', 'say "hi"'], names)).toEqual([1, 'back\\slash "quoted"']);
    const lua = '5;;["shttp:\\/\\/x","n2"]';
    expect(read(lua, ['n', 'url'], ['url', 'n'])).toEqual([2, 'http://x']);
  });

  it('reads the empty array, and what JSON reads in other spellings (spaces, null from Lua)', () => {
    expect(read('5;;[]', ['a'], ['a'])).toEqual([undefined]);
    expect(read('5;;[ "n1" , "n2"]', ['a', 'b'], ['a', 'b'])).toEqual([1, 2]);
    expect(read('5;;["n1","n2" ]', ['a', 'b'], ['a', 'b'])).toEqual([1, 2]);
    expect(read('5;;["n1",null]', ['a', 'b'], ['a', 'b'])).toEqual([1, null]);
  });

  it('throws on rows this store did not write', () => {
    for (const text of [
      '5;;{"a":"n1"}',
      '5;;[1]',
      '5;;["q"]',
      '5;;[""]',
      '5;;["n1"',
      '5;;["n1"]x',
      '5;;["n1";"n2"]',
      '5;;not json',
      '5;;["n1",]',
      '5;;["n1","n2"]', // more values than the header has names
    ]) {
      expect(() => read(text, ['a'], ['a']), text).toThrow();
    }
  });

  it('agrees with JSON.parse for any names and values', () => {
    const value: fc.Arbitrary<OnlineValue> = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.bigInt(),
      fc.string({ unit: 'binary' }),
      fc.boolean(),
      fc.constant(null),
    );
    const name = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1 }),
      fc.constantFrom('f0', '__proto__', 'a"b'),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value), { selector: ([field]) => field, minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (fields, reversed) => {
          const { text, names } = stored(fields);
          const parsed = JSON.parse(text.slice(bodyStart(text))) as string[];
          const requested = reversed ? [...names].reverse() : names;
          const expected = requested.map((field) => decodeValue(parsed[names.indexOf(field)]));
          const actual = read(text, requested, names);
          expect(actual.map((item) => (typeof item === 'number' ? String(item) : item))).toEqual(
            expected.map((item) => (typeof item === 'number' ? String(item) : item)),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
