import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntityKey, encodeEntityKey, entityKeyProblem } from './entity-key.ts';
import type { EntityKeyValue } from './port.ts';

/** Feast's SQL online stores join the key values without a separator (the bug this codec avoids). */
const feastGlued = (key: readonly EntityKeyValue[]) => key.map(String).join('');

/** A second, plain spelling of "equal as typed values": integers as bigint, other numbers, strings, booleans. */
const typed = (value: EntityKeyValue): string => {
  if (typeof value === 'bigint') return `int:${value}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `int:${BigInt(value)}` : `float:${value}`;
  return `${typeof value}:${JSON.stringify(value)}`;
};
const sameKey = (a: readonly EntityKeyValue[], b: readonly EntityKeyValue[]) =>
  a.length === b.length && a.every((value, i) => typed(value) === typed(b[i]!));

const component: fc.Arbitrary<EntityKeyValue> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('__proto__', 'constructor', 'c1', 'c11', 's1:', ':', ''),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.boolean(),
);

describe('entity key codec', () => {
  it('keeps ("c1", 11) and ("c11", 1) apart, which glued keys (Feast SQL stores) do not', () => {
    expect(feastGlued(['c1', 11])).toBe(feastGlued(['c11', 1]));
    expect(encodeEntityKey(['c1', 11])).toBe('s2:c1i2:11');
    expect(encodeEntityKey(['c11', 1])).toBe('s3:c11i1:1');
  });

  it('encodes integers one way whatever their JavaScript type, and other values by type', () => {
    expect(encodeEntityKey([1])).toBe(encodeEntityKey([1n]));
    expect(encodeEntityKey([-0])).toBe(encodeEntityKey([0n]));
    expect(encodeEntityKey([2 ** 60])).toBe(encodeEntityKey([2n ** 60n]));
    expect(encodeEntityKey([1])).not.toBe(encodeEntityKey(['1']));
    expect(encodeEntityKey([1.5])).toBe('f3:1.5');
    expect(encodeEntityKey([true])).not.toBe(encodeEntityKey(['true']));
    expect(encodeEntityKey([])).toBe('');
    expect(encodeEntityKey(['a', null])).toBeUndefined();
    expect(encodeEntityKey([null])).toBeUndefined();
  });

  it('is injective on typed values and decodes to the same typed values (property)', () => {
    fc.assert(
      fc.property(fc.array(component, { maxLength: 4 }), fc.array(component, { maxLength: 4 }), (a, b) => {
        expect(encodeEntityKey(a) === encodeEntityKey(b)).toBe(sameKey(a, b));
        expect(sameKey(decodeEntityKey(encodeEntityKey(a)!), a)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('names what is wrong with a key', () => {
    expect(entityKeyProblem([1, 'a'], 2)).toBeUndefined();
    expect(entityKeyProblem([1, null], 2)).toBeUndefined();
    expect(entityKeyProblem([1], 2)).toMatch(/2 values/);
    expect(entityKeyProblem('1', 1)).toMatch(/array/);
    expect(entityKeyProblem([Number.NaN], 1)).toMatch(/finite/);
    expect(entityKeyProblem([Number.NEGATIVE_INFINITY], 1)).toMatch(/finite/);
    expect(entityKeyProblem([{}], 1)).toMatch(/strings/);
    expect(entityKeyProblem([undefined], 1)).toMatch(/strings/);
  });
});
