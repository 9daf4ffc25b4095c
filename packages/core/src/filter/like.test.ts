import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLike, foldCase } from './like.ts';

/** Reference matcher: memoised recursion over code points, written independently of like.ts. */
function referenceLike(pattern: string, value: string, caseInsensitive = false): boolean {
  const fold = (char: string) => {
    if (!caseInsensitive) return char;
    const lower = char.toLowerCase();
    return [...lower].length === 1 ? lower : char;
  };
  const p = [...pattern].map(fold);
  const v = [...value].map(fold);
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const id = i * (v.length + 1) + j;
    const known = memo.get(id);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === p.length) result = j === v.length;
    else if (p[i] === '%') result = at(i + 1, j) || (j < v.length && at(i, j + 1));
    else if (j === v.length) result = false;
    else if (p[i] === '_' || p[i] === v[j]) result = at(i + 1, j + 1);
    else result = false;
    memo.set(id, result);
    return result;
  };
  return at(0, 0);
}

const ALPHABET = ['a', 'b', 'A', 'B', '%', '_', '\n', '\\', '😀', 'é', 'É', 'ß', 'Σ', '.', '*'];
const text = (maxLength: number) =>
  fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((chars) => chars.join(''));

describe('compileLike', () => {
  it('treats % as any run, _ as exactly one code point, and everything else literally', () => {
    expect(compileLike('ri%')('risk')).toBe(true);
    expect(compileLike('ri%')('Risk')).toBe(false);
    expect(compileLike('%')('')).toBe(true);
    expect(compileLike('_')('')).toBe(false);
    expect(compileLike('_')('😀')).toBe(true);
    expect(compileLike('__')('😀')).toBe(false);
    expect(compileLike('a_c')('a😀c')).toBe(true);
    expect(compileLike('line1%')('line1\nline2')).toBe(true);
    expect(compileLike('%\n%')('a\nb')).toBe(true);
    expect(compileLike('_')('\n')).toBe(true);
    expect(compileLike('a.b')('axb')).toBe(false);
    expect(compileLike('a*')('aaa')).toBe(false);
  });

  it('treats a backslash as an ordinary character: %\\%% matches values holding a backslash, not everything', () => {
    const like = compileLike('%\\%%');
    expect(like('C:\\temp')).toBe(true);
    expect(like('no backslash')).toBe(false);
    expect(like('100%')).toBe(false);
    expect(compileLike('a\\_b')('a\\_b')).toBe(true);
    expect(compileLike('a\\_b')('a\\xb')).toBe(true);
    expect(compileLike('a\\_b')('a_b')).toBe(false);
  });

  it('ILIKE folds each code point to its lower case without changing the count', () => {
    expect(compileLike('GROW%', true)('growth')).toBe(true);
    expect(compileLike('école', true)('ÉCOLE')).toBe(true);
    expect(compileLike('σ_', true)('ΣΣ')).toBe(true);
    expect(compileLike('_', true)('İ')).toBe(true);
    expect(compileLike('ss', true)('ß')).toBe(false);
    expect(foldCase('ÉCOLE Σ')).toBe('école σ');
    expect(foldCase('İ')).toBe('İ');
  });

  it('agrees with a reference matcher on random patterns and values (LIKE and ILIKE)', () => {
    fc.assert(
      fc.property(text(12), text(16), fc.boolean(), (pattern, value, caseInsensitive) => {
        expect(compileLike(pattern, caseInsensitive)(value)).toBe(
          referenceLike(pattern, value, caseInsensitive),
        );
      }),
      { seed: 20261202, numRuns: Number(process.env.PLINTH_FUZZ_RUNS ?? 3000) },
    );
  });

  it('agrees with the reference on segments longer than 32 code points (multi-word shift-and)', () => {
    const long = 'ab_'.repeat(30);
    const value = `${'x'.repeat(5)}${'abZ'.repeat(30)}y`;
    expect(compileLike(`%${long}%`)(value)).toBe(true);
    expect(referenceLike(`%${long}%`, value)).toBe(true);
    expect(compileLike(`%${long}b%`)(value)).toBe(referenceLike(`%${long}b%`, value));
    fc.assert(
      fc.property(fc.integer({ min: 33, max: 80 }), fc.integer({ min: 0, max: 40 }), (length, offset) => {
        const segment = Array.from({ length }, (_, i) => (i % 7 === 3 ? '_' : 'ab'[i % 2])).join('');
        const haystack = `${'b'.repeat(offset)}${segment.replaceAll('_', '😀')}a`;
        const pattern = `%${segment}%`;
        expect(compileLike(pattern)(haystack)).toBe(referenceLike(pattern, haystack));
        expect(compileLike(`${pattern}b`)(haystack)).toBe(referenceLike(`${pattern}b`, haystack));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('finishes the ReDoS repros of issue 9 with the right answer', () => {
    const tag = 'a'.repeat(2000);
    expect(compileLike('%a%a%b')(tag)).toBe(false);
    const long = 'a'.repeat(8000);
    expect(compileLike('%a%a%a%a%a%a%a%a%a%a%a%a%b')(long)).toBe(false);
    expect(compileLike('%a%a%a%a%a%a%a%a%a%a%a%a%')(long)).toBe(true);
    expect(compileLike('%A%A%A%A%A%A%B', true)(long)).toBe(false);
    expect(compileLike('%A%A%A%A%A%A%', true)(long)).toBe(true);
    const huge = `%${'a'.repeat(32_766)}%`;
    expect(compileLike(huge)(long)).toBe(false);
    expect(compileLike(huge)('a'.repeat(40_000))).toBe(true);
    expect(compileLike('_'.repeat(50_000))('x'.repeat(50_000))).toBe(true);
    expect(compileLike('_'.repeat(50_000))('x'.repeat(49_999))).toBe(false);
    const nearMiss = `%${'a'.repeat(3999)}_b%`;
    expect(compileLike(nearMiss)(long)).toBe(false);
    expect(compileLike(`%${'a'.repeat(3999)}b%`)(long)).toBe(false);
    expect(compileLike(`%b${'a'.repeat(3999)}%`)(long)).toBe(false);
  });
});
