import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberIn, numberOf } from './values.ts';

/** Reads `text` in the middle of other characters, as rows hold it. */
const inPlace = (text: string) => numberIn(`["n${text}",`, 3, 3 + text.length);

describe('numberIn', () => {
  it('reads hand-checked spellings as Number does', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['-0', -0],
      ['5', 5],
      ['0.1', 0.1],
      ['-2.5', -2.5],
      ['.5', 0.5],
      ['1.', 1],
      ['007', 7],
      ['4.428571428571429', 4.428571428571429],
      ['142.71428571428572', 142.71428571428572], // 17 digits: more than 2^53, read by Number
      ['9007199254740992', 9007199254740992], // 2^53: the fast path's largest integer
      ['9007199254740993', 9007199254740992], // above it: Number rounds to even
      ['1e21', 1e21],
      ['1.5e-7', 1.5e-7],
      ['1E+22', 1e22],
      ['1e23', 1e23], // beyond 10^22: Number
      ['1e-22', 1e-22],
      ['1e-23', 1e-23],
      ['1.7976931348623157e308', Number.MAX_VALUE],
      ['5e-324', Number.MIN_VALUE],
      ['inf', Number.POSITIVE_INFINITY],
      ['-inf', Number.NEGATIVE_INFINITY],
      ['Infinity', Number.POSITIVE_INFINITY],
    ];
    for (const [text, expected] of cases) {
      expect(Object.is(inPlace(text), expected), text).toBe(true);
    }
    for (const text of ['NaN', 'nan', '-', '.', '1e', '1.2.3', 'x']) {
      expect(Number.isNaN(inPlace(text)), text).toBe(true);
    }
  });

  it('agrees with Number on every double, as JS and as fixed or exponent notation spell it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.integer({ min: 1, max: 21 }), (value, precision) => {
        for (const text of [
          String(value),
          value.toPrecision(precision),
          value.toExponential(precision - 1),
        ]) {
          expect(Object.is(inPlace(text), numberOf(text)), text).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with Number on decimal strings of up to 25 digits and any scale', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(
        fc.boolean(),
        digits,
        fc.option(digits),
        fc.option(fc.integer({ min: -40, max: 40 })),
        (negative, whole, fraction, exponent) => {
          const text = `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`;
          expect(Object.is(inPlace(text), Number(text)), text).toBe(true);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
