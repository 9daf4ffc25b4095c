import { describe, expect, it } from 'vitest';
import { pageSortedKeys, storageKeyProblem } from './keys.ts';

describe('pageSortedKeys', () => {
  const keys = ['a', 'a/1', 'a/2', 'a/3', 'ab', 'b/1'].sort();

  it('pages keys under a string prefix with a cursor', () => {
    const first = pageSortedKeys(keys, 'a/', { limit: 2 });
    expect(first).toEqual({ keys: ['a/1', 'a/2'], cursor: 'a/2' });
    expect(pageSortedKeys(keys, 'a/', { limit: 2, cursor: first.cursor })).toEqual({ keys: ['a/3'] });
    expect(pageSortedKeys(keys, 'a', {}).keys).toEqual(['a', 'a/1', 'a/2', 'a/3', 'ab']);
    expect(pageSortedKeys(keys, '', { limit: 100 }).keys).toEqual(keys);
    expect(pageSortedKeys(keys, 'c', {})).toEqual({ keys: [] });
  });

  it('treats a cursor that is no longer stored as a position', () => {
    expect(pageSortedKeys(keys, 'a/', { cursor: 'a/15' }).keys).toEqual(['a/2', 'a/3']);
  });
});

describe('storageKeyProblem', () => {
  it('explains what is wrong with a key', () => {
    expect(storageKeyProblem('ok/key')).toBeUndefined();
    expect(storageKeyProblem('a/../b')).toMatch(/"\.\."/);
    expect(storageKeyProblem('/a')).toMatch(/relative/);
    expect(storageKeyProblem(42)).toMatch(/string/);
  });
});
